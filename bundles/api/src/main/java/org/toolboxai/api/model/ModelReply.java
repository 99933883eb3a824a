package org.toolboxai.api.model;

/**
 * What a model answered.
 *
 * @param text      the answer; JSON for every toolbox task
 * @param model     the model that answered, e.g. {@code gpt-4o-mini} or {@code offline-1}
 * @param tokensIn  prompt tokens (0 when unknown)
 * @param tokensOut completion tokens (0 when unknown)
 */
public record ModelReply(String text, String model, long tokensIn, long tokensOut) {
}
