package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/** A finished course run as a {@link CourseContent}: its lessons, final assessment and place, from the final package step. */
final class Deliverables {

    /** The final assessment's title, as the course's place names its area. */
    static final String FINAL_TITLE = "Final assessment";

    private Deliverables() {
    }

    /** The course; CONFLICT while it is not COMPLETED. */
    static CourseContent course(WorkflowRun run) {
        if (run.state() != RunState.COMPLETED) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Course " + run.id() + " is " + run.state()
                    + "; it can be delivered once it is COMPLETED.");
        }
        Map<?, ?> out = run.steps().stream().filter(s -> s.id().equals("final_package") && s.output() != null)
                .map(StepView::output).findFirst().orElse(Map.of());
        Map<?, ?> course = out.get("course") instanceof Map<?, ?> c ? c : Map.of();
        List<CourseContent.Lesson> lessons = new ArrayList<>();
        if (course.get("lessons") instanceof List<?> list) {
            for (Object l : list) {
                if (l instanceof Map<?, ?> lesson && lesson.get("number") instanceof Number n && lesson.get("package") != null) {
                    ContentPackage pkg = WorkflowContentService.JSON.convertValue(lesson.get("package"), ContentPackage.class);
                    Object title = lesson.get("title");
                    lessons.add(new CourseContent.Lesson(n.intValue(), title == null ? "Lesson " + n : title.toString(), pkg));
                }
            }
        }
        lessons.sort(java.util.Comparator.comparingInt(CourseContent.Lesson::number));
        ContentPackage place = out.get("place") == null ? null : WorkflowContentService.JSON.convertValue(out.get("place"), ContentPackage.class);
        Object grade = course.get("grade_level");
        Object title = course.get("title");
        return new CourseContent(run.id(), true, title == null ? "Course" : title.toString(), (String) course.get("subject"),
                grade == null ? null : grade.toString(), lessons, finalAssessment(course), place);
    }

    /**
     * The summative questions the assessment strategy picked, each under the id the course's place
     * gives it ({@code F-L<lesson>-<id>}, so the same question of a lesson and of the final differ).
     */
    private static Quiz finalAssessment(Map<?, ?> course) {
        List<Quiz.Question> questions = new ArrayList<>();
        if (course.get("assessment_strategy") instanceof Map<?, ?> strategy && strategy.get("summative") instanceof Map<?, ?> summative
                && summative.get("questions") instanceof List<?> picked) {
            for (Object p : picked) {
                if (p instanceof Map<?, ?> m && m.get("lesson") instanceof Number lesson && m.get("question") != null) {
                    Quiz.Question q = WorkflowContentService.JSON.convertValue(m.get("question"), Quiz.Question.class);
                    questions.add(new Quiz.Question("F-L" + lesson.intValue() + "-" + q.id(), q.type(), q.objectiveId(), q.prompt(),
                            q.options(), q.answer(), q.points(), q.explanation()));
                }
            }
        }
        return new Quiz(FINAL_TITLE, questions);
    }

    /** A lesson's content as a course of one; CONFLICT while it has no package. */
    static Optional<CourseContent> lesson(org.toolboxai.api.content.ContentJob job) {
        if (job.state() != RunState.COMPLETED || job.contentPackage() == null) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Content " + job.id() + " is " + job.state()
                    + "; it can be delivered once it is COMPLETED.");
        }
        return Optional.of(CourseContent.ofLesson(job.id(), job.contentPackage()));
    }
}
