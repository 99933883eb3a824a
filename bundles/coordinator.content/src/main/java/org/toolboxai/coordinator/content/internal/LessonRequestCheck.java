package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * The one check of a lesson request: fills what it leaves out from its preset, then from general
 * defaults, and finds every invalid field, nested ones too. Whatever front end built the request.
 */
final class LessonRequestCheck {

    /** The difficulties of a single lesson ({@code progressive} is for a course's lessons). */
    static final List<Difficulty> LESSON_DIFFICULTIES = List.of(Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD);
    static final String GRADE_RULE = "required (or from a preset): 0-13 (0 kindergarten, 13 university),"
            + " \"K\", \"1\"..\"12\" or \"university\"";
    static final String DIFFICULTY_RULE = "one of " + LESSON_DIFFICULTIES;
    static final String ENVIRONMENT_RULE = "one of " + EnvironmentType.wireNames();
    private static final List<QuestionType> DEFAULT_TYPES = List.of(QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE);
    /** The order fields are listed in a refusal: the body's order. */
    private static final List<String> FIELDS = List.of("preset", "subject", "grade_level", "learning_objectives",
            "environment_type", "duration_minutes", "difficulty", "quiz.question_count", "quiz.question_types",
            "quiz.difficulty", "standards");

    /** What a preset sets when the request does not. */
    record Preset(int grade, int minutes, int questions, Difficulty difficulty, EnvironmentType environment) {
    }

    static final Map<String, Preset> PRESETS = Map.of(
            "elementary", new Preset(3, 30, 5, Difficulty.EASY, EnvironmentType.INTERACTIVE_CLASSROOM),
            "middle_school", new Preset(7, 45, 8, Difficulty.MEDIUM, EnvironmentType.INTERACTIVE_CLASSROOM),
            "high_school", new Preset(10, 50, 10, Difficulty.MEDIUM, EnvironmentType.LABORATORY),
            "university", new Preset(LessonRequest.UNIVERSITY, 60, 12, Difficulty.HARD, EnvironmentType.LABORATORY));

    private LessonRequestCheck() {
    }

    /**
     * The request with every value filled in.
     *
     * @param found where the front end has already found a field wrong (e.g. a word that is no
     *              environment); those fields keep that finding, and every finding is listed in one refusal
     * @throws WorkflowException INVALID listing every invalid field
     */
    static LessonRequest complete(LessonRequest r, List<FieldError> found) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        found.forEach(e -> errors.putIfAbsent(e.field(), e));
        Preset preset = null;
        if (r.preset() != null) {
            preset = PRESETS.get(r.preset().toLowerCase(Locale.ROOT));
            if (preset == null) {
                report(errors, "preset", "one of " + PRESETS.keySet().stream().sorted().toList());
            }
        }
        String subject = r.subject() == null ? null : r.subject().trim();
        if (subject == null || subject.isEmpty() || subject.length() > 100) {
            report(errors, "subject", "required, 1-100 characters");
        }
        Integer grade = r.gradeLevel() != null ? r.gradeLevel() : preset != null ? Integer.valueOf(preset.grade()) : null;
        if (grade == null || grade < 0 || grade > LessonRequest.UNIVERSITY) {
            report(errors, "grade_level", GRADE_RULE);
        }
        List<String> objectives = r.learningObjectives() == null ? List.of() : r.learningObjectives();
        if (objectives.isEmpty() || objectives.size() > 10) {
            report(errors, "learning_objectives", "1-10 objectives are required");
        } else if (objectives.stream().anyMatch(o -> o == null || o.isBlank() || o.length() > 300)) {
            report(errors, "learning_objectives", "each objective is 1-300 characters");
        }
        EnvironmentType environment = r.environmentType() != null ? r.environmentType()
                : preset != null ? preset.environment() : EnvironmentType.INTERACTIVE_CLASSROOM;
        int minutes = r.durationMinutes() != null ? r.durationMinutes() : preset != null ? preset.minutes() : 45;
        if (minutes < 5 || minutes > 180) {
            report(errors, "duration_minutes", "5-180");
        }
        Difficulty level = r.difficulty() != null ? r.difficulty() : preset != null ? preset.difficulty() : Difficulty.MEDIUM;
        if (!LESSON_DIFFICULTIES.contains(level)) {
            report(errors, "difficulty", DIFFICULTY_RULE);
        }
        boolean wantsQuiz = r.includeQuiz() == null || r.includeQuiz();
        LessonRequest.QuizOptions q = r.quiz() == null ? new LessonRequest.QuizOptions(null, null, null) : r.quiz();
        // every objective gets a question: the default grows with the objectives, a smaller count is refused
        int count = q.questionCount() != null ? q.questionCount()
                : Math.max(preset != null ? preset.questions() : 5, objectives.size());
        if (wantsQuiz && (count < 1 || count > 50)) {
            report(errors, "quiz.question_count", "1-50");
        } else if (wantsQuiz && count < objectives.size()) {
            report(errors, "quiz.question_count", "at least one question per objective: " + objectives.size() + " or more");
        }
        if (!objectives.isEmpty() && minutes >= 5 && minutes <= 180 && minutes < objectives.size() * LessonRequest.MIN_MINUTES_PER_OBJECTIVE) {
            report(errors, "duration_minutes", "at least " + LessonRequest.MIN_MINUTES_PER_OBJECTIVE + " minutes per objective: "
                    + objectives.size() * LessonRequest.MIN_MINUTES_PER_OBJECTIVE + " or more for " + objectives.size() + " objectives");
        }
        List<QuestionType> types = q.questionTypes() == null || q.questionTypes().isEmpty() ? DEFAULT_TYPES : q.questionTypes();
        if (types.stream().anyMatch(Objects::isNull)) {
            report(errors, "quiz.question_types", "one or more of " + QuestionType.wireNames());
        }
        Difficulty quizLevel = q.difficulty() != null ? q.difficulty() : level;
        if (q.difficulty() != null && !LESSON_DIFFICULTIES.contains(quizLevel)) {
            report(errors, "quiz.difficulty", DIFFICULTY_RULE);
        }
        List<String> standards = r.standards() == null ? List.of() : r.standards();
        if (standards.size() > 20 || standards.stream().anyMatch(s -> s == null || s.isBlank() || s.length() > 100)) {
            report(errors, "standards", "at most 20 codes of 1-100 characters");
        }
        if (!errors.isEmpty()) {
            List<FieldError> listed = new ArrayList<>(errors.values());
            listed.sort(Comparator.comparingInt(e -> FIELDS.indexOf(e.field())));
            throw invalid(listed);
        }
        return new LessonRequest(subject, grade, objectives.stream().map(String::trim).toList(), environment, minutes,
                wantsQuiz, new LessonRequest.QuizOptions(count, List.copyOf(types), quizLevel), level,
                r.preset() == null ? null : r.preset().toLowerCase(Locale.ROOT), List.copyOf(standards));
    }

    /** The {@code educational_content} workflow parameters of a completed request (snake_case wire names). */
    static Map<String, Object> parameters(LessonRequest r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("subject", r.subject());
        p.put("grade_level", r.gradeLevel());
        p.put("learning_objectives", r.learningObjectives());
        p.put("environment_type", r.environmentType().toString());
        p.put("duration_minutes", r.durationMinutes());
        p.put("difficulty", r.difficulty().toString());
        p.put("include_quiz", r.includeQuiz());
        Map<String, Object> quiz = new LinkedHashMap<>();
        quiz.put("question_count", r.quiz().questionCount());
        quiz.put("question_types", r.quiz().questionTypes().stream().map(QuestionType::toString).toList());
        quiz.put("difficulty", r.quiz().difficulty().toString());
        p.put("quiz", quiz);
        p.put("standards", r.standards());
        return p;
    }

    /** A refusal listing these fields. */
    static WorkflowException invalid(List<FieldError> errors) {
        return new WorkflowException(WorkflowException.Kind.INVALID,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", errors);
    }

    private static void report(Map<String, FieldError> errors, String field, String message) {
        errors.putIfAbsent(field, new FieldError(field, message));
    }
}
