package org.toolboxai.api.guard;

import java.util.Objects;

/**
 * The tokens of a model call: what it could use at most (the estimate a budget reservation is
 * priced from) or what it used (what the ledger records).
 *
 * @param model        the model, as the price table names it, e.g. {@code gpt-4o-mini}
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 */
public record ModelUsage(String model, long inputTokens, long outputTokens) {

    /** A model is needed and tokens are not negative. */
    public ModelUsage {
        Objects.requireNonNull(model, "model");
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("negative tokens: " + inputTokens + ", " + outputTokens);
        }
    }
}
