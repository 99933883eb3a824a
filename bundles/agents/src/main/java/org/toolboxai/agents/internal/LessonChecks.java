package org.toolboxai.agents.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LessonRequest;

/** Checks of a lesson plan against the request. */
final class LessonChecks {

    private LessonChecks() {
    }

    static Findings check(LessonPlan plan, ContentBrief brief) {
        Findings f = new Findings();
        List<LessonPlan.Objective> objectives = plan.objectives() == null ? List.of() : plan.objectives();
        if (objectives.size() != brief.objectives().size()) {
            f.error("objective_coverage", "lesson_plan.objectives", "has " + Findings.count(objectives.size(), "objective")
                    + "; the request has " + brief.objectives().size());
        }
        Set<String> ids = new HashSet<>();
        for (LessonPlan.Objective o : objectives) {
            if (o.id() == null || !ids.add(o.id())) {
                f.error("objective_ids", "lesson_plan.objectives", "objective ids must be present and unique, got " + o.id());
            }
        }
        List<LessonPlan.Activity> activities = plan.activities() == null ? List.of() : plan.activities();
        int minutes = 0;
        for (LessonPlan.Activity a : activities) {
            minutes += a.minutes();
            if (a.minutes() <= 0) {
                f.error("timing", "lesson_plan.activities." + a.title(), "must last at least 1 minute");
            }
            if (!ids.contains(a.objectiveId())) {
                f.error("objective_coverage", "lesson_plan.activities." + a.title(), "names unknown objective " + a.objectiveId());
            }
        }
        for (String id : ids) {
            int spent = activities.stream().filter(a -> id.equals(a.objectiveId())).mapToInt(LessonPlan.Activity::minutes).sum();
            if (activities.stream().noneMatch(a -> id.equals(a.objectiveId()))) {
                f.error("objective_coverage", "lesson_plan.objectives." + id, "has no activity");
            } else if (spent < LessonRequest.MIN_MINUTES_PER_OBJECTIVE) {
                f.error("timing", "lesson_plan.objectives." + id, "gets " + Findings.count(spent, "minute") + " of activity; "
                        + "an objective needs at least " + LessonRequest.MIN_MINUTES_PER_OBJECTIVE);
            }
        }
        if (Math.abs(minutes - brief.minutes()) > Math.max(2, brief.minutes() / 10)) {
            f.error("timing", "lesson_plan.activities", "last " + Findings.count(minutes, "minute") + "; the lesson has "
                    + brief.minutes());
        }
        for (String standard : plan.standards() == null ? List.<String>of() : plan.standards()) {
            if (!brief.standards().contains(standard)) {
                f.error("standards", "lesson_plan.standards", "cites '" + standard + "', which the request did not give; "
                        + "never invent standard codes");
            }
        }
        if (plan.title() == null || plan.title().isBlank()) {
            f.error("completeness", "lesson_plan.title", "is missing");
        }
        return f;
    }
}
