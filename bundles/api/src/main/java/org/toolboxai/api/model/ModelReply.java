package org.toolboxai.api.model;

import java.util.List;

/**
 * What a model answered.
 *
 * @param text      the answer; JSON for every toolbox task
 * @param model     the model that answered, e.g. {@code gpt-4o-mini} or {@code offline-1}
 * @param tokensIn  prompt tokens (0 when unknown)
 * @param tokensOut   completion tokens (0 when unknown)
 * @param limitations what the provider knows its answer lacks, in words for the teacher (e.g. the
 *                    offline generator has no knowledge of the subject); each fails the package
 */
public record ModelReply(String text, String model, long tokensIn, long tokensOut, List<String> limitations) {

    /** Copies the limitations. */
    public ModelReply {
        limitations = limitations == null ? List.of() : List.copyOf(limitations);
    }

    /** An answer with no known limitation. */
    public ModelReply(String text, String model, long tokensIn, long tokensOut) {
        this(text, model, tokensIn, tokensOut, List.of());
    }
}
