package org.toolboxai.api.model;

import java.util.Map;

/**
 * One generation task for a model.
 *
 * @param task     what to produce: {@code curriculum}, {@code environment}, {@code quiz}, {@code script}, {@code review}
 * @param system   the system prompt (instructions, the JSON shape to answer with)
 * @param prompt   the user prompt
 * @param context  the structured facts behind the prompts (the content request, earlier steps' results),
 *                 for providers that generate without a language model
 * @param feedback what was wrong with the previous answer, or {@code null} on the first attempt
 */
public record ModelRequest(String task, String system, String prompt, Map<String, Object> context, String feedback) {

    /** Copies the context. */
    public ModelRequest {
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
