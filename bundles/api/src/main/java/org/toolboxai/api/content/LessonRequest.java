package org.toolboxai.api.content;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a teacher asks for: one lesson package. Any value may be {@code null}: the content service
 * fills it from the {@link #preset()}, then from general defaults, and lists every invalid value
 * in one refusal. The REST body of {@code POST /api/v1/content}, the shell and other front ends
 * all build this record.
 *
 * @param subject            e.g. Mathematics, 1-100 characters
 * @param gradeLevel         0-13: 0 kindergarten, 1-12 the school grades, 13 university (see {@link #grade(String)})
 * @param learningObjectives 1-10 objectives of 1-300 characters
 * @param environmentType    where the 3D environment is set
 * @param durationMinutes    5-180
 * @param includeQuiz        whether to make a quiz
 * @param quiz               quiz options
 * @param difficulty         easy, medium or hard
 * @param preset             elementary, middle_school, high_school or university
 * @param standards          curriculum standards to cite (never invented), at most 20
 * @since 1.1.0
 */
public record LessonRequest(String subject, Integer gradeLevel, List<String> learningObjectives,
        EnvironmentType environmentType, Integer durationMinutes, Boolean includeQuiz, QuizOptions quiz,
        Difficulty difficulty, String preset, List<String> standards) {

    /**
     * Below this many minutes per objective, an objective is mentioned, not taught: such a request
     * is refused, and a package that gives an objective less is failed by the checks.
     *
     * @since 2.2.0
     */
    public static final int MIN_MINUTES_PER_OBJECTIVE = 5;

    /** The grade number of university learners; grades run 0 (kindergarten) to this. */
    public static final int UNIVERSITY = 13;

    /**
     * Quiz options; {@code null} values are filled like the request's.
     *
     * @param questionCount 1-50
     * @param questionTypes allowed types (default multiple choice and true/false)
     * @param difficulty    the quiz's own difficulty (default the lesson's)
     * @since 1.1.0
     */
    public record QuizOptions(Integer questionCount, List<QuestionType> questionTypes, Difficulty difficulty) {
    }

    /**
     * A grade as people write it: {@code "7"}, {@code "K"} or {@code "kindergarten"} (0),
     * {@code "university"} or {@code "college"} (13); empty when it is none of these or outside 0-13.
     */
    public static Optional<Integer> grade(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("k") || s.equals("kindergarten")) {
            return Optional.of(0);
        }
        if (s.equals("university") || s.equals("college")) {
            return Optional.of(UNIVERSITY);
        }
        try {
            int g = Integer.parseInt(s);
            return g >= 0 && g <= UNIVERSITY ? Optional.of(g) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
