package org.toolboxai.agents.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;

/**
 * The teacher's request as the agents read it from a workflow run's parameters (the
 * {@code educational_content} template's): the typed {@link LessonRequest}, with its defaults.
 *
 * @param subject        subject
 * @param gradeLevel     {@code K}, {@code 1}..{@code 12} or {@code university}
 * @param gradeNumber    0 for K, 1-12, 13+ for university years
 * @param objectives     the learning objectives
 * @param environment    environment type
 * @param minutes        lesson length
 * @param includeQuiz    whether a quiz is wanted
 * @param questionCount  quiz length
 * @param questionTypes  allowed question types
 * @param difficulty     easy, medium, hard, or progressive (a course's lesson: harder by its rank)
 * @param standards      standards the teacher gave (the only ones a plan may cite)
 */
record ContentBrief(String subject, String gradeLevel, int gradeNumber, List<String> objectives, EnvironmentType environment,
        int minutes, boolean includeQuiz, int questionCount, List<QuestionType> questionTypes, Difficulty difficulty,
        List<String> standards) {

    /**
     * The run's parameters as the typed request: the template has checked them, and a word this
     * bundle does not know (a newer environment, say) falls back to the default rather than failing.
     */
    static ContentBrief of(Map<String, Object> parameters) {
        return of(Json.REQUESTS.convertValue(parameters, LessonRequest.class));
    }

    /**
     * The brief of a step: the run's parameters, and for a lesson of a course (a step with an
     * {@code instance} in its configuration, after the course outline) that lesson's objectives
     * from the outline instead of the whole course's.
     */
    static ContentBrief forStep(org.toolboxai.api.workflow.StepContext context) {
        ContentBrief brief = of(context.parameters());
        if (context.config().get("instance") instanceof Number instance) {
            Object raw = Upstream.of(context.inputs()).outputs().get(CourseOutlineAgent.OUTPUT);
            if (raw != null) {
                CourseOutline outline = Json.convert(raw, CourseOutline.class);
                java.util.Optional<CourseOutline.Lesson> lesson = outline.lesson(instance.intValue());
                List<String> mine = lesson.map(CourseOutline.Lesson::objectives).orElse(List.of()).stream()
                        .filter(o -> o != null && !o.isBlank()).distinct().toList();
                if (mine.isEmpty()) {
                    // a lesson the outline gives nothing to teach cannot be made; it would re-teach the whole course
                    throw org.toolboxai.api.failure.FailureException.permanent("the course outline gives lesson " + instance
                            + " no objective to teach");
                }
                return new ContentBrief(brief.subject(), brief.gradeLevel(), brief.gradeNumber(), mine, brief.environment(), brief.minutes(),
                        brief.includeQuiz(), brief.questionCount(), brief.questionTypes(), brief.difficulty(), brief.standards());
            }
        }
        return brief;
    }

    /** A request with its defaults filled in. */
    static ContentBrief of(LessonRequest r) {
        int grade = r.gradeLevel() == null ? 5 : r.gradeLevel();
        LessonRequest.QuizOptions quiz = r.quiz() == null ? new LessonRequest.QuizOptions(null, null, null) : r.quiz();
        List<QuestionType> types = quiz.questionTypes() == null ? List.of()
                : quiz.questionTypes().stream().filter(Objects::nonNull).distinct().toList();
        // progressive stays progressive: a course's lesson is made harder by its rank, not set to medium
        Difficulty difficulty = quiz.difficulty() != null ? quiz.difficulty() : r.difficulty() != null ? r.difficulty() : Difficulty.MEDIUM;
        return new ContentBrief(String.valueOf(r.subject()), gradeName(grade), grade,
                r.learningObjectives() == null ? List.of() : List.copyOf(r.learningObjectives()),
                r.environmentType() == null ? EnvironmentType.INTERACTIVE_CLASSROOM : r.environmentType(),
                r.durationMinutes() == null ? 45 : r.durationMinutes(), r.includeQuiz() == null || r.includeQuiz(),
                quiz.questionCount() == null ? 5 : quiz.questionCount(),
                types.isEmpty() ? List.of(QuestionType.MULTIPLE_CHOICE, QuestionType.TRUE_FALSE) : types, difficulty,
                r.standards() == null ? List.of() : List.copyOf(r.standards()));
    }

    /**
     * What a package says of itself, for judging a package without its request: its subject, grade,
     * objectives, standards and quiz as they are, the lesson as long as its activities.
     */
    static ContentBrief describedBy(ContentPackage p) {
        LessonPlan plan = p.lessonPlan();
        int grade = LessonRequest.grade(plan.gradeLevel()).orElse(5);
        List<String> objectives = plan.objectives() == null ? List.of()
                : plan.objectives().stream().map(o -> String.valueOf(o.text())).toList();
        int minutes = plan.activities() == null ? 0 : plan.activities().stream().mapToInt(LessonPlan.Activity::minutes).sum();
        int questions = p.quiz() == null || p.quiz().questions() == null ? 0 : p.quiz().questions().size();
        return new ContentBrief(String.valueOf(plan.subject()), gradeName(grade), grade, objectives,
                EnvironmentType.fromWire(p.environment() == null ? null : p.environment().type())
                        .orElse(EnvironmentType.INTERACTIVE_CLASSROOM),
                minutes, p.quiz() != null, questions, List.of(QuestionType.values()), Difficulty.MEDIUM,
                plan.standards() == null ? List.of() : List.copyOf(plan.standards()));
    }

    static String gradeName(int grade) {
        return grade <= 0 ? "K" : grade <= 12 ? Integer.toString(grade) : "university";
    }

    /** The request with every default filled in, as the model providers receive it. */
    LessonRequest asRequest() {
        return new LessonRequest(subject, gradeNumber, List.copyOf(objectives), environment, minutes, includeQuiz,
                new LessonRequest.QuizOptions(questionCount, List.copyOf(questionTypes), difficulty), difficulty, null,
                List.copyOf(standards));
    }

    /** One line for prompts. */
    String describe() {
        return subject + " for grade " + gradeLevel + ", " + minutes + " minutes, objectives: " + String.join("; ", objectives)
                + (standards.isEmpty() ? "" : ", standards: " + String.join(", ", standards));
    }
}
