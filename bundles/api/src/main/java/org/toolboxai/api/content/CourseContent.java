package org.toolboxai.api.content;

import java.util.List;
import java.util.Objects;

/**
 * What a teacher delivers: a course (its lessons in order, then the final assessment) or a single
 * lesson (a course of one lesson, without a final assessment), with the Roblox place that holds
 * it all. Exports to an LMS and LMS pushes work on this, so a lesson and a course take one path.
 *
 * @param id              the content id of a lesson, the course id of a course
 * @param course          whether it is a course ({@code false}: a single lesson)
 * @param title           the course's or the lesson's title
 * @param subject         the subject
 * @param gradeLevel      the grade, e.g. {@code 7}, {@code K}, or {@code null}
 * @param lessons         the lessons, in order (one for a lesson)
 * @param finalAssessment the course's summative assessment, or {@code null} (always for a lesson)
 * @param place           the package that holds the Roblox place (the lesson itself, or the course's
 *                        combined place), or {@code null} when there is none
 * @since 3.3.0
 */
public record CourseContent(String id, boolean course, String title, String subject, String gradeLevel, List<Lesson> lessons, Quiz finalAssessment,
        ContentPackage place) {

    /** Checks the parts every reader relies on. */
    public CourseContent {
        Objects.requireNonNull(id, "id");
        lessons = lessons == null ? List.of() : List.copyOf(lessons);
    }

    /**
     * One lesson of the course.
     *
     * @param number  its place in the course, from 1
     * @param title   its title
     * @param content its package
     */
    public record Lesson(int number, String title, ContentPackage content) {
    }

    /** A single lesson: one lesson, no final assessment, its own package as the place. */
    public static CourseContent ofLesson(String contentId, ContentPackage lesson) {
        LessonPlan plan = lesson.lessonPlan();
        String title = plan == null || plan.title() == null ? "Lesson" : plan.title();
        return new CourseContent(contentId, false, title, plan == null ? null : plan.subject(), plan == null ? null : plan.gradeLevel(),
                List.of(new Lesson(1, title, lesson)), null, lesson);
    }
}
