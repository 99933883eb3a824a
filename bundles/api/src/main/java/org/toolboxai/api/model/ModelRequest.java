package org.toolboxai.api.model;

/**
 * One generation task for a model.
 *
 * @param task     what to produce: {@code curriculum}, {@code environment}, {@code quiz}, {@code script}, {@code review}
 * @param system   the system prompt (instructions, the JSON shape to answer with)
 * @param prompt   the user prompt
 * @param facts    the structured facts behind the prompts (the teacher's request, earlier steps' results),
 *                 for providers that generate without a language model; never {@code null}
 * @param feedback what was wrong with the previous answer, or {@code null} on the first attempt
 */
public record ModelRequest(String task, String system, String prompt, LessonFacts facts, String feedback) {

    /** No facts is empty facts. */
    public ModelRequest {
        facts = facts == null ? new LessonFacts(null, null, null, null, null) : facts;
    }
}
