package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One computed exercise; its answer is right by construction and its distractors are typical
 * mistakes, all different from the answer and from each other (by value, not only by text).
 *
 * @param topic       e.g. {@code fraction}
 * @param question    the exercise as a question, e.g. "What is 2/3 + 1/4?"
 * @param statement   the exercise as a statement with {@code {}} where the answer goes, e.g. "2/3 + 1/4 = {}"
 * @param label       a short name for matching and ordering, e.g. "2/3 + 1/4"
 * @param hint        how to write the answer
 * @param answer      the correct answer
 * @param distractors three wrong answers
 * @param explanation how to get the answer
 * @param value       the answer's value (for comparisons and ordering)
 * @param quantity    what the value measures, for ordering prompts, e.g. "value" or "area"
 */
record Problem(String topic, String question, String statement, String label, String hint, String answer,
        List<String> distractors, String explanation, Fraction value, String quantity) {

    static final String SLOT = "{}";

    /** The statement with the given answer in place, e.g. "2/3 + 1/4 = 11/12". */
    String statementWith(String shown) {
        return statement.replace(SLOT, shown);
    }

    /**
     * Collects wrong answers: candidates that are {@code null}, equal to the answer's value or to
     * an earlier candidate's are skipped; missing ones are filled with the answer plus small steps.
     */
    static final class Wrong {
        private final Fraction correct;
        private final Fraction step;
        private final Function<Fraction, String> format;
        private final boolean allowNegative;
        private final List<Fraction> values = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();

        Wrong(Fraction correct, Fraction step, Function<Fraction, String> format) {
            this.correct = correct;
            this.step = step;
            this.format = format;
            this.allowNegative = correct.num() < 0;
        }

        Wrong add(Fraction candidate) {
            if (candidate == null || texts.size() >= 3 || candidate.equals(correct) || values.contains(candidate)
                    || (!allowNegative && candidate.num() < 0)) {
                return this;
            }
            String text = format.apply(candidate);
            if (text != null && !texts.contains(text) && !text.equals(format.apply(correct))) {
                values.add(candidate);
                texts.add(text);
            }
            return this;
        }

        /** Adds a candidate computed from operands that may not divide exactly (skipped when the divisor is 0). */
        Wrong addRatio(long num, long den) {
            return den == 0 ? this : add(Fraction.of(num, den));
        }

        List<String> build() {
            int[] offsets = {1, -1, 2, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            for (int k : offsets) {
                add(correct.plus(step.times(Fraction.of(k))));
            }
            if (texts.size() < 3) {
                throw new IllegalStateException("could not find three distractors for " + correct);
            }
            return List.copyOf(texts);
        }
    }
}
