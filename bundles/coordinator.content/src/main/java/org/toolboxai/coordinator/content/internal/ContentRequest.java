package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.StdConverter;

import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * A lesson request as text front ends write it: the body of {@code POST /api/v1/content} and the
 * options of {@code toolbox:generate}. Its words (environments, difficulties, question types, "K")
 * are kept as text when read, so that a word that means nothing is one listed invalid field rather
 * than a binding error that hides the rest; {@link #parse()} turns them into the typed
 * {@link LessonRequest} once.
 *
 * @param subject            e.g. Mathematics
 * @param gradeLevel         0-13 (0 kindergarten, 13 university), "K", "1".."12" or "university"
 * @param learningObjectives 1-10 objectives
 * @param environmentType    interactive_classroom, laboratory, outdoor, space_station, museum or underwater
 * @param durationMinutes    5-180
 * @param includeQuiz        whether to make a quiz
 * @param quiz               quiz options
 * @param difficulty         easy, medium or hard
 * @param preset             elementary, middle_school, high_school or university
 * @param standards          curriculum standards to cite (never invented)
 */
public record ContentRequest(String subject, Object gradeLevel, List<String> learningObjectives, String environmentType,
        Integer durationMinutes, Boolean includeQuiz, QuizOptions quiz, String difficulty, String preset,
        List<String> standards) {

    /**
     * Quiz options.
     *
     * @param questionCount 1-50
     * @param questionTypes allowed types
     * @param difficulty    easy, medium or hard
     */
    public record QuizOptions(Integer questionCount, List<String> questionTypes, String difficulty) {
    }

    /**
     * The body of {@code POST /api/v1/content}, parsed and checked as the REST layer reads it, so
     * its invalid values are listed in the same 400 as any unknown field of the body.
     *
     * @param request the request as the teacher wrote it (the content service fills it in)
     */
    @JsonDeserialize(converter = Checked.class)
    public record Body(LessonRequest request) {
    }

    static final class Checked extends StdConverter<ContentRequest, Body> {
        @Override
        public Body convert(ContentRequest request) {
            try {
                LessonRequest parsed = request.parse();
                LessonRequestCheck.complete(parsed, List.of());
                return new Body(parsed);
            } catch (WorkflowException e) {
                throw e.toProblem(0);
            }
        }
    }

    /**
     * The typed request, as written (not yet filled in).
     *
     * @throws WorkflowException INVALID listing every word that means nothing here, with every
     *                           other invalid field
     */
    public LessonRequest parse() {
        List<FieldError> errors = new ArrayList<>();
        QuizOptions q = quiz == null ? new QuizOptions(null, null, null) : quiz;
        List<QuestionType> types = null;
        if (q.questionTypes() != null) {
            List<String> unknown = q.questionTypes().stream().filter(t -> QuestionType.fromWire(t).isEmpty()).toList();
            if (unknown.isEmpty()) {
                types = q.questionTypes().stream().map(t -> QuestionType.fromWire(t).orElseThrow()).toList();
            } else {
                errors.add(new FieldError("quiz.question_types", "unknown " + unknown + "; allowed: " + QuestionType.wireNames()));
            }
        }
        LessonRequest parsed = new LessonRequest(subject, grade(errors), learningObjectives,
                word(environmentType, EnvironmentType::fromWire, "environment_type", LessonRequestCheck.ENVIRONMENT_RULE, errors),
                durationMinutes, includeQuiz,
                new LessonRequest.QuizOptions(q.questionCount(), types,
                        word(q.difficulty(), Difficulty::fromWire, "quiz.difficulty", LessonRequestCheck.DIFFICULTY_RULE, errors)),
                word(difficulty, Difficulty::fromWire, "difficulty", LessonRequestCheck.DIFFICULTY_RULE, errors),
                preset, standards);
        if (!errors.isEmpty()) {
            LessonRequestCheck.complete(parsed, errors);
        }
        return parsed;
    }

    private Integer grade(List<FieldError> errors) {
        Optional<Integer> grade;
        if (gradeLevel == null) {
            return null;
        } else if (gradeLevel instanceof Number n) {
            double d = n.doubleValue();
            grade = d == Math.rint(d) && d >= 0 && d <= LessonRequest.UNIVERSITY ? Optional.of((int) d) : Optional.empty();
        } else {
            grade = LessonRequest.grade(gradeLevel.toString());
        }
        if (grade.isEmpty()) {
            errors.add(new FieldError("grade_level", LessonRequestCheck.GRADE_RULE));
        }
        return grade.orElse(null);
    }

    private static <T> T word(String text, Function<String, Optional<T>> parse, String field, String rule, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        Optional<T> value = parse.apply(text);
        if (value.isEmpty()) {
            errors.add(new FieldError(field, rule));
        }
        return value.orElse(null);
    }
}
