package org.toolboxai.api.model;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.Quiz;

/**
 * The structured facts behind a content task's prompts: what a provider that generates without a
 * language model works from, and what a language model is shown as JSON beside the prompt.
 *
 * @param lesson      the teacher's request with every default filled in
 * @param course      the lesson's place in a course, or {@code null} for a single lesson
 * @param lessonPlan  the curriculum step's plan, or {@code null} before it
 * @param environment the environment step's plan, or {@code null} before it
 * @param quiz        the quiz step's quiz, or {@code null} before it (or when no quiz is wanted)
 * @since 2.0.0
 */
public record LessonFacts(LessonRequest lesson, CoursePlace course, LessonPlan lessonPlan, EnvironmentPlan environment,
        Quiz quiz) {

    /**
     * Where a lesson sits in a course.
     *
     * @param instance       the lesson's number, from 1
     * @param instances      how many lessons the course has
     * @param difficultyRank 1 for the easiest lesson; progressive difficulty rises with it
     */
    public record CoursePlace(int instance, int instances, int difficultyRank) {
    }
}
