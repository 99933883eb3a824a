package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.util.StdConverter;

import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;

/**
 * Body of {@code POST /api/v1/content}. Missing values come from the educational preset, then
 * from general defaults; every invalid field is reported at once.
 *
 * @param subject            e.g. Mathematics
 * @param gradeLevel         0-13 (0 kindergarten, 13 university, as the workflow templates), "K", "1".."12" or
 *                           "university"
 * @param learningObjectives 1-10 objectives
 * @param environmentType    interactive_classroom, laboratory, outdoor, space_station, museum or underwater
 * @param durationMinutes    5-180
 * @param includeQuiz        whether to make a quiz
 * @param quiz               quiz options
 * @param difficulty         easy, medium or hard
 * @param preset             elementary, middle_school, high_school or university
 * @param standards          curriculum standards to cite (never invented)
 */
@JsonDeserialize(converter = ContentRequest.Checked.class)
public record ContentRequest(String subject, Object gradeLevel, List<String> learningObjectives, String environmentType,
        Integer durationMinutes, Boolean includeQuiz, QuizOptions quiz, String difficulty, String preset,
        List<String> standards) {

    static final List<String> ENVIRONMENTS = List.of("interactive_classroom", "laboratory", "outdoor", "space_station",
            "museum", "underwater");
    static final List<String> QUESTION_TYPES = List.of("multiple_choice", "true_false", "short_answer", "fill_blank",
            "matching", "ordering");
    static final List<String> DIFFICULTIES = List.of("easy", "medium", "hard");
    /** The grade number of university learners; the templates' grade_level runs 0 (K) to this. */
    static final int UNIVERSITY = 13;

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
     * Checks a request as the REST layer reads it, so its invalid values are listed in the same
     * 400 as any unknown field of the body.
     */
    static final class Checked extends StdConverter<ContentRequest, ContentRequest> {
        @Override
        public ContentRequest convert(ContentRequest request) {
            List<FieldError> errors = new ArrayList<>();
            request.toParameters(errors);
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            return request;
        }
    }

    /** What a preset sets when the request does not. */
    record Preset(int grade, int minutes, int questions, String difficulty, String environment) {
    }

    static final Map<String, Preset> PRESETS = Map.of(
            "elementary", new Preset(3, 30, 5, "easy", "interactive_classroom"),
            "middle_school", new Preset(7, 45, 8, "medium", "interactive_classroom"),
            "high_school", new Preset(10, 50, 10, "medium", "laboratory"),
            "university", new Preset(UNIVERSITY, 60, 12, "hard", "laboratory"));

    /** The workflow parameters of an {@code educational_content} run, or every problem found. */
    public Map<String, Object> toParameters(List<FieldError> errors) {
        Preset preset = null;
        if (this.preset != null) {
            preset = PRESETS.get(this.preset.toLowerCase(Locale.ROOT));
            if (preset == null) {
                errors.add(new FieldError("preset", "one of " + PRESETS.keySet().stream().sorted().toList()));
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        if (subject == null || subject.isBlank() || subject.length() > 100) {
            errors.add(new FieldError("subject", "required, 1-100 characters"));
        } else {
            p.put("subject", subject.trim());
        }
        Integer grade = grade(gradeLevel, preset);
        if (grade == null) {
            errors.add(new FieldError("grade_level", "required (or from a preset): 0-13 (0 kindergarten, 13 university),"
                    + " \"K\", \"1\"..\"12\" or \"university\""));
        } else {
            p.put("grade_level", grade);
        }
        List<String> objectives = learningObjectives == null ? List.of() : learningObjectives;
        if (objectives.isEmpty() || objectives.size() > 10) {
            errors.add(new FieldError("learning_objectives", "1-10 objectives are required"));
        } else if (objectives.stream().anyMatch(o -> o == null || o.isBlank() || o.length() > 300)) {
            errors.add(new FieldError("learning_objectives", "each objective is 1-300 characters"));
        } else {
            p.put("learning_objectives", objectives.stream().map(String::trim).toList());
        }
        String environment = environmentType != null ? environmentType : preset != null ? preset.environment() : "interactive_classroom";
        if (!ENVIRONMENTS.contains(environment)) {
            errors.add(new FieldError("environment_type", "one of " + ENVIRONMENTS));
        }
        p.put("environment_type", environment);
        int minutes = durationMinutes != null ? durationMinutes : preset != null ? preset.minutes() : 45;
        if (minutes < 5 || minutes > 180) {
            errors.add(new FieldError("duration_minutes", "5-180"));
        }
        p.put("duration_minutes", minutes);
        String level = difficulty != null ? difficulty : preset != null ? preset.difficulty() : "medium";
        if (!DIFFICULTIES.contains(level)) {
            errors.add(new FieldError("difficulty", "one of " + DIFFICULTIES));
        }
        p.put("difficulty", level);
        boolean wantsQuiz = includeQuiz != null ? includeQuiz : true;
        p.put("include_quiz", wantsQuiz);
        p.put("quiz", quiz(wantsQuiz, preset, level, errors));
        List<String> codes = standards == null ? List.of() : standards;
        if (codes.size() > 20 || codes.stream().anyMatch(s -> s == null || s.isBlank() || s.length() > 100)) {
            errors.add(new FieldError("standards", "at most 20 codes of 1-100 characters"));
        }
        p.put("standards", codes);
        return p;
    }

    private Map<String, Object> quiz(boolean wantsQuiz, Preset preset, String level, List<FieldError> errors) {
        QuizOptions q = quiz == null ? new QuizOptions(null, null, null) : quiz;
        int count = q.questionCount() != null ? q.questionCount() : preset != null ? preset.questions() : 5;
        if (wantsQuiz && (count < 1 || count > 50)) {
            errors.add(new FieldError("quiz.question_count", "1-50"));
        }
        List<String> types = q.questionTypes() == null || q.questionTypes().isEmpty()
                ? List.of("multiple_choice", "true_false") : q.questionTypes();
        List<String> unknown = new ArrayList<>(types);
        unknown.removeAll(QUESTION_TYPES);
        if (!unknown.isEmpty()) {
            errors.add(new FieldError("quiz.question_types", "unknown " + unknown + "; allowed: " + QUESTION_TYPES));
        }
        String quizLevel = q.difficulty() != null ? q.difficulty() : level;
        if (!DIFFICULTIES.contains(quizLevel)) {
            errors.add(new FieldError("quiz.difficulty", "one of " + DIFFICULTIES));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("question_count", count);
        m.put("question_types", types);
        m.put("difficulty", quizLevel);
        return m;
    }

    private static Integer grade(Object value, Preset preset) {
        if (value == null) {
            return preset == null ? null : preset.grade();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && d >= 0 && d <= UNIVERSITY ? (int) d : null;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("k") || s.equals("kindergarten")) {
            return 0;
        }
        if (s.equals("university") || s.equals("college")) {
            return UNIVERSITY;
        }
        try {
            int g = Integer.parseInt(s);
            return g >= 0 && g <= UNIVERSITY ? g : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
