package org.toolboxai.api.model;

/**
 * One generation task for a model.
 *
 * @param task           what to produce: {@code curriculum}, {@code environment}, {@code quiz}, {@code script}, {@code review}
 * @param system         the system prompt (instructions, the JSON shape to answer with)
 * @param prompt         the user prompt
 * @param facts          the structured facts behind the prompts (the teacher's request, earlier steps' results),
 *                       for providers that generate without a language model; never {@code null}
 * @param feedback       what was wrong with the previous answer, or {@code null} on the first attempt
 * @param responseSchema the JSON Schema the answer must follow, for providers whose server can enforce one
 *                       (structured output), or {@code null} when the task gives none (@since 2.1.0)
 */
public record ModelRequest(String task, String system, String prompt, LessonFacts facts, String feedback,
        ResponseSchema responseSchema) {

    /** No facts is empty facts. */
    public ModelRequest {
        facts = facts == null ? new LessonFacts(null, null, null, null, null) : facts;
    }

    /** A task without a response schema. */
    public ModelRequest(String task, String system, String prompt, LessonFacts facts, String feedback) {
        this(task, system, prompt, facts, feedback, null);
    }
}
