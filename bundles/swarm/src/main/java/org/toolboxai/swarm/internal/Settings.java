package org.toolboxai.swarm.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The swarm's configuration, read once per change.
 *
 * @param solvers          K, model solvers per question
 * @param solverProviders  the providers they use in turn; empty: the agents' provider
 * @param agreement        share of K that must agree with a key
 * @param maxRegenerations times a disputed quiz is made again
 * @param reviewers        one provider per reviewer; empty: no candidates
 * @param reviewerWeights  each reviewer's vote weight
 * @param rubric           weights of alignment, accessibility, quality (summing to 1)
 * @param strategy         the default consensus strategy
 * @param threshold        the threshold strategy's share
 * @param minVotes         votes every consensus needs
 * @param minAgreement     share every consensus needs
 * @param rounds           rounds of candidates
 * @param callsPerPackage  model calls per package at most
 */
record Settings(int solvers, List<String> solverProviders, double agreement, int maxRegenerations, List<String> reviewers,
        List<Double> reviewerWeights, double[] rubric, Consensus.Strategy strategy, double threshold, int minVotes,
        double minAgreement, int rounds, int callsPerPackage) {

    static Settings of(SwarmConfig c) {
        double[] rubric = numbers("rubric.weights", c.rubric_weights()).stream().mapToDouble(Double::doubleValue).toArray();
        if (rubric.length != 3 || Arrays.stream(rubric).anyMatch(w -> w < 0) || Arrays.stream(rubric).sum() <= 0) {
            throw new IllegalArgumentException("rubric.weights must be three weights (alignment, accessibility, quality) of which "
                    + "one at least is above 0, got '" + c.rubric_weights() + "'");
        }
        double sum = Arrays.stream(rubric).sum();
        for (int i = 0; i < 3; i++) {
            rubric[i] /= sum;
        }
        return new Settings(Math.max(1, c.solvers()), list(c.solver_providers()), clamp(c.agreement()),
                Math.max(0, c.max_regenerations()), list(c.reviewers()),
                numbers("reviewer.weights", c.reviewer_weights()), rubric, Consensus.Strategy.of(c.strategy()),
                clamp(c.threshold()), Math.max(1, c.min_votes()), clamp(c.min_agreement()), Math.max(1, c.consensus_rounds()),
                Math.max(1, c.max_model_calls_per_package()));
    }

    /** A reviewer's weight (1 when none is configured). */
    double weight(int reviewer) {
        return reviewer < reviewerWeights.size() ? reviewerWeights.get(reviewer) : 1.0;
    }

    /** The provider of solver {@code i}. */
    String solverProvider(int i, String active) {
        return solverProviders.isEmpty() ? active : solverProviders.get(i % solverProviders.size());
    }

    private static List<String> list(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Double> numbers(String key, String text) {
        try {
            return list(text).stream().map(Double::parseDouble).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be comma-separated numbers, got '" + text + "'", e);
        }
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }
}
