package org.toolboxai.sparc.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Computerised adaptive testing: the next item is one of the {@code randomesque} most
 * informative at the current estimate (exposure control: the single best item is not given to
 * everyone), drawn from the objective furthest below its share of the test (content balancing);
 * the test stops on precision, length or a classification.
 */
public final class Cat {

    /** A bank item: its IRT parameters and the objective it assesses. */
    public record BankItem(String id, Irt.Item item, String objective) {
    }

    /**
     * When a test ends: at the standard error {@code targetSe} (after {@code minItems}), at
     * {@code maxItems}, or, with a {@code cutScore}, once the 95% interval of θ lies on one side of it.
     */
    public record StopRule(int minItems, int maxItems, double targetSe, Double cutScore) {
        public StopRule {
            if (minItems < 1 || maxItems < minItems) {
                throw new IllegalArgumentException("1 <= minItems <= maxItems: " + minItems + ", " + maxItems);
            }
        }
    }

    /** Why a test stopped, or {@code null} while it goes on. */
    public enum Stop {
        PRECISION, MAX_LENGTH, CLASSIFIED_ABOVE, CLASSIFIED_BELOW, BANK_EXHAUSTED
    }

    private Cat() {
    }

    /**
     * The next item: among those not yet given, the objective with the largest shortfall against
     * its equal share ({@code givenPerObjective} is keyed by {@code String.valueOf(objective)}, so
     * items without one are one group, "null"), then one of the
     * {@code randomesque} most informative at {@code theta} at random.
     */
    public static BankItem next(List<BankItem> bank, Set<String> given, Map<String, Integer> givenPerObjective, double theta,
            int randomesque, Random random) {
        List<BankItem> open = bank.stream().filter(b -> !given.contains(b.id())).toList();
        if (open.isEmpty()) {
            return null;
        }
        Map<String, Long> available = new HashMap<>();
        for (BankItem b : open) {
            available.merge(String.valueOf(b.objective()), 1L, Long::sum);
        }
        String objective = available.keySet().stream()
                .min(Comparator.comparingInt((String o) -> givenPerObjective.getOrDefault(o, 0)).thenComparing(o -> o))
                .orElseThrow();
        List<BankItem> candidates = new ArrayList<>(open.stream().filter(b -> String.valueOf(b.objective()).equals(objective)).toList());
        candidates.sort(Comparator.comparingDouble((BankItem b) -> -Irt.information(theta, b.item())).thenComparing(BankItem::id));
        int top = Math.max(1, Math.min(randomesque, candidates.size()));
        return candidates.get(random.nextInt(top));
    }

    /** Whether to stop after {@code given} items with estimate {@code e}; {@code null}: go on. */
    public static Stop stop(StopRule rule, int given, Irt.Estimate e, boolean bankLeft) {
        if (!bankLeft) {
            return Stop.BANK_EXHAUSTED;
        }
        if (given >= rule.minItems()) {
            if (rule.cutScore() != null) {
                if (e.theta() - 1.96 * e.se() > rule.cutScore()) {
                    return Stop.CLASSIFIED_ABOVE;
                }
                if (e.theta() + 1.96 * e.se() < rule.cutScore()) {
                    return Stop.CLASSIFIED_BELOW;
                }
            }
            if (e.se() <= rule.targetSe()) {
                return Stop.PRECISION;
            }
        }
        return given >= rule.maxItems() ? Stop.MAX_LENGTH : null;
    }
}
