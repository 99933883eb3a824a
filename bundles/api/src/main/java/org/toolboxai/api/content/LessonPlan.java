package org.toolboxai.api.content;

import java.util.List;

/**
 * The curriculum agent's lesson plan.
 *
 * @param title       lesson title
 * @param subject     subject
 * @param gradeLevel  grade, e.g. {@code 7}, {@code K} or {@code university}
 * @param summary     what the lesson is about, for the teacher
 * @param objectives  the learning objectives, each with an id the other parts refer to
 * @param activities  timed activities, each serving an objective
 * @param vocabulary  key terms with definitions
 * @param standards   curriculum standards, only those the request gave (never invented)
 */
public record LessonPlan(String title, String subject, String gradeLevel, String summary, List<Objective> objectives,
        List<Activity> activities, List<Term> vocabulary, List<String> standards) {

    /**
     * A learning objective.
     *
     * @param id   e.g. {@code obj1}
     * @param text what the learner will be able to do
     */
    public record Objective(String id, String text) {
    }

    /**
     * One activity of the lesson.
     *
     * @param title       short name
     * @param objectiveId the objective it serves
     * @param minutes     its length
     * @param description what happens, for the learner
     */
    public record Activity(String title, String objectiveId, int minutes, String description) {
    }

    /**
     * A vocabulary entry.
     *
     * @param term       the word
     * @param definition its meaning, at the learners' reading level
     */
    public record Term(String term, String definition) {
    }
}
