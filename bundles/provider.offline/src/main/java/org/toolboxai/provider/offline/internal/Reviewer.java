package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;

/** The review task: what the package contains, for the teacher. */
final class Reviewer {

    /**
     * The review.
     *
     * @param summary a paragraph about the package
     * @param notes   one line per finding
     */
    record Review(String summary, List<String> notes) {
    }

    private Reviewer() {
    }

    static Review review(Brief brief, LessonPlan plan, EnvironmentPlan environment, Quiz quiz, String feedback) {
        List<LessonPlan.Objective> objectives = plan != null && plan.objectives() != null ? plan.objectives()
                : LessonPlanner.objectives(brief);
        List<LessonPlan.Activity> activities = plan != null && plan.activities() != null ? plan.activities() : List.of();
        List<Quiz.Question> questions = quiz != null && quiz.questions() != null ? quiz.questions() : List.of();
        List<EnvironmentPlan.Station> stations = environment != null && environment.stations() != null
                ? environment.stations() : List.of();
        int minutes = activities.stream().mapToInt(LessonPlan.Activity::minutes).sum();
        int points = questions.stream().mapToInt(Quiz.Question::points).sum();

        StringBuilder summary = new StringBuilder();
        summary.append(plan != null && plan.title() != null ? "\"" + plan.title() + "\" is a " : "This is a ")
                .append(brief.minutes()).append("-minute ").append(brief.subject()).append(" lesson for ").append(brief.gradeName())
                .append(" with ").append(objectives.size()).append(objectives.size() == 1 ? " objective" : " objectives")
                .append(", ").append(activities.size()).append(" timed activities and ").append(stations.size())
                .append(stations.size() == 1 ? " station" : " stations").append(" in ").append(Themes.of(brief.environment()).place())
                .append(".");
        if (!questions.isEmpty()) {
            summary.append(" The ").append(questions.size()).append("-question quiz is worth ").append(points)
                    .append(" points; players answer it at the stations and the server keeps the answer key.");
        } else {
            summary.append(" No quiz is included.");
        }

        List<String> notes = new ArrayList<>();
        for (LessonPlan.Objective o : objectives) {
            List<LessonPlan.Activity> own = activities.stream().filter(a -> o.id().equals(a.objectiveId())).toList();
            long asked = questions.stream().filter(q -> o.id().equals(q.objectiveId())).count();
            String station = stations.stream().filter(s -> o.id().equals(s.objectiveId())).map(EnvironmentPlan.Station::id)
                    .findFirst().orElse("no station");
            notes.add(o.id() + " (" + o.text() + "): " + own.size() + " activities, "
                    + own.stream().mapToInt(LessonPlan.Activity::minutes).sum() + " minutes, " + station + ", " + asked
                    + (asked == 1 ? " question." : " questions."));
        }
        if (!activities.isEmpty()) {
            notes.add("Timing: the activities take " + minutes + " of " + brief.minutes() + " minutes.");
        }
        if (!questions.isEmpty()) {
            Map<String, Integer> types = new LinkedHashMap<>();
            questions.forEach(q -> types.merge(q.type(), 1, Integer::sum));
            notes.add("Quiz: " + types + ", difficulty " + brief.difficulty() + ", " + points + " points in all.");
        }
        boolean maths = brief.objectives().stream().anyMatch(o -> !MathExercises.topics(o, brief.mathSubject()).isEmpty());
        if (maths && !questions.isEmpty()) {
            notes.add("Maths questions are computed exercises: every answer key was calculated exactly and every wrong "
                    + "option is a typical mistake that differs from the answer.");
        }
        if (environment != null && environment.terrain() != null) {
            notes.add("World: " + environment.type() + ", terrain " + Lua.num(environment.terrain().x()) + " x "
                    + Lua.num(environment.terrain().y()) + " x " + Lua.num(environment.terrain().z()) + " studs, "
                    + (environment.zones() == null ? 0 : environment.zones().size()) + " zones, " + stations.size()
                    + " stations, " + (environment.props() == null ? 0 : environment.props().size()) + " props.");
        }
        if (plan != null && plan.vocabulary() != null && !plan.vocabulary().isEmpty()) {
            notes.add("Vocabulary: " + String.join(", ", plan.vocabulary().stream().map(LessonPlan.Term::term).toList()) + ".");
        }
        notes.add(brief.standards().isEmpty() ? "No standards were given, so none are cited."
                : "Standards (as given): " + String.join(", ", brief.standards()) + ".");
        if (brief.minutes() < objectives.size()) {
            notes.add("The lesson has fewer minutes than objectives; consider a longer lesson or fewer objectives.");
        }
        if (feedback != null && !feedback.isBlank()) {
            notes.add("Regenerated after feedback: " + (feedback.length() > 200 ? feedback.substring(0, 197) + "..." : feedback));
        }
        return new Review(summary.toString(), notes);
    }
}
