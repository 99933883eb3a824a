package org.toolboxai.swarm.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.toolboxai.api.swarm.Verification;

/**
 * The consensus strategies: how reviewers' votes pick a candidate. Every strategy also needs the
 * configured minimum of votes (3) and of agreement (0.6 of the votes, measured as the strategy
 * weighs them); below either there is no consensus.
 * <ul>
 * <li>{@code majority}: the candidate with more than half the votes;</li>
 * <li>{@code weighted}: the same with each vote weighted by its reviewer's configured weight;</li>
 * <li>{@code unanimous}: every vote for the same candidate;</li>
 * <li>{@code threshold}: a candidate with at least the threshold's share of the votes (0.7);</li>
 * <li>{@code confidence_weighted}: each vote weighted by its reviewer's confidence, more than half.</li>
 * </ul>
 */
final class Consensus {

    private Consensus() {
    }

    /** A strategy, by its wire name. */
    enum Strategy {
        MAJORITY, WEIGHTED, UNANIMOUS, THRESHOLD, CONFIDENCE_WEIGHTED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Strategy of(String name) {
            for (Strategy s : values()) {
                if (s.wire().equals(name == null ? "" : name.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no consensus strategy '" + name + "'; the strategies are majority, weighted, "
                    + "unanimous, threshold and confidence_weighted");
        }
    }

    /**
     * What the votes decided.
     *
     * @param winner    the candidate with the largest share (the lowest index on a tie), or -1 without votes
     * @param agreement its share, as the strategy weighs votes
     * @param accepted  whether that is a consensus
     * @param reason    why, in words
     */
    record Outcome(int winner, double agreement, boolean accepted, String reason) {
    }

    static Outcome decide(Strategy strategy, List<Verification.Vote> votes, double threshold, int minVotes, double minAgreement) {
        if (votes.isEmpty()) {
            return new Outcome(-1, 0, false, "no reviewer voted");
        }
        ToDoubleFunction<Verification.Vote> weight = switch (strategy) {
            case WEIGHTED -> Verification.Vote::weight;
            case CONFIDENCE_WEIGHTED -> Verification.Vote::confidence;
            default -> v -> 1.0;
        };
        Map<Integer, Double> share = new TreeMap<>();
        double total = 0;
        for (Verification.Vote v : votes) {
            double w = Math.max(0, weight.applyAsDouble(v));
            share.merge(v.candidate(), w, Double::sum);
            total += w;
        }
        int winner = -1;
        double best = -1;
        for (Map.Entry<Integer, Double> e : share.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                winner = e.getKey();
            }
        }
        double agreement = total <= 0 ? 0 : best / total;
        long distinct = votes.stream().mapToInt(Verification.Vote::candidate).distinct().count();
        boolean rule = switch (strategy) {
            case MAJORITY, WEIGHTED, CONFIDENCE_WEIGHTED -> agreement > 0.5;
            case UNANIMOUS -> distinct == 1;
            case THRESHOLD -> agreement >= threshold - 1e-9;
        };
        String measured = String.format(Locale.ROOT, "candidate %d has %.2f of the %s", winner + 1, agreement,
                switch (strategy) {
                    case WEIGHTED -> "weighted votes";
                    case CONFIDENCE_WEIGHTED -> "confidence-weighted votes";
                    default -> "votes";
                });
        if (votes.size() < minVotes) {
            return new Outcome(winner, agreement, false, votes.size() + " votes, fewer than the " + minVotes + " needed; " + measured);
        }
        if (agreement < minAgreement - 1e-9) {
            return new Outcome(winner, agreement, false, measured + ", under the " + minAgreement + " every consensus needs");
        }
        if (!rule) {
            return new Outcome(winner, agreement, false, measured + ", not enough for " + strategy.wire()
                    + (strategy == Strategy.THRESHOLD ? " (" + threshold + ")" : ""));
        }
        return new Outcome(winner, agreement, true, measured + ": " + strategy.wire() + " reached");
    }
}
