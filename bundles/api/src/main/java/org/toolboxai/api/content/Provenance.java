package org.toolboxai.api.content;

import java.util.List;

/**
 * How a package was made.
 *
 * @param generator the provider that generated it, e.g. {@code offline} or {@code openai}
 * @param model     its model
 * @param tokensIn  prompt tokens, all steps
 * @param tokensOut completion tokens, all steps
 * @param steps     per step
 */
public record Provenance(String generator, String model, long tokensIn, long tokensOut, List<StepProvenance> steps) {

    /**
     * One step's share.
     *
     * @param step      step id
     * @param provider  provider name
     * @param model     model
     * @param tokensIn  prompt tokens
     * @param tokensOut completion tokens
     * @param millis    duration
     * @param attempts  model calls it took (more than 1 when an answer was invalid)
     * @param limitations what the provider said its answer lacks; each fails the package
     * @param recoveries  what the error coordinator did to get the answer, in words (a retry after a
     *                    failure, another provider answering while this one's circuit was open);
     *                    empty when the first call answered (@since 3.1.0)
     */
    public record StepProvenance(String step, String provider, String model, long tokensIn, long tokensOut, long millis,
            int attempts, List<String> limitations, List<String> recoveries) {

        /** Copies the lists. */
        public StepProvenance {
            limitations = limitations == null ? List.of() : List.copyOf(limitations);
            recoveries = recoveries == null ? List.of() : List.copyOf(recoveries);
        }

        /** A step that needed no recovery. */
        public StepProvenance(String step, String provider, String model, long tokensIn, long tokensOut, long millis,
                int attempts, List<String> limitations) {
            this(step, provider, model, tokensIn, tokensOut, millis, attempts, limitations, List.of());
        }

        /** A step whose provider reported no limitation. */
        public StepProvenance(String step, String provider, String model, long tokensIn, long tokensOut, long millis,
                int attempts) {
            this(step, provider, model, tokensIn, tokensOut, millis, attempts, List.of());
        }
    }
}
