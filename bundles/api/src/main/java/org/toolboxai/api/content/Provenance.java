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
     */
    public record StepProvenance(String step, String provider, String model, long tokensIn, long tokensOut, long millis,
            int attempts) {
    }
}
