package org.toolboxai.api.content;

import java.util.List;

/**
 * The quiz agent's quiz.
 *
 * @param title     quiz title
 * @param questions its questions
 */
public record Quiz(String title, List<Question> questions) {

    /**
     * One question. The answer's shape depends on the type: {@code multiple_choice} the correct
     * option's text (exactly one of {@code options}); {@code true_false} {@code "true"} or
     * {@code "false"}; {@code short_answer} and {@code fill_blank} the expected text (the prompt of
     * fill_blank contains {@code ___}); {@code matching} pairs {@code "left => right"}, one per
     * option; {@code ordering} the options in their correct order.
     *
     * @param id          e.g. {@code q1}
     * @param type        multiple_choice, true_false, short_answer, fill_blank, matching or ordering
     * @param objectiveId the objective it checks
     * @param prompt      the question
     * @param options     choices (multiple_choice, matching, ordering), otherwise empty
     * @param answer      the correct answer(s), see above
     * @param points      1-10
     * @param explanation why the answer is right
     */
    public record Question(String id, String type, String objectiveId, String prompt, List<String> options,
            List<String> answer, int points, String explanation) {
    }
}
