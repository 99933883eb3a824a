package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a course outline must be: the requested number of lessons numbered 1..N in order; every
 * course objective taught, by its exact words; an objective never dropped and never coming back
 * after another (with more lessons than objectives it runs over consecutive lessons, otherwise it
 * is in exactly one lesson); every lesson teaching something; prerequisites only earlier lessons;
 * units covering every lesson once.
 */
final class CourseChecks {

    private CourseChecks() {
    }

    static Findings outline(CourseOutline outline, List<String> objectives, int lessonCount) {
        Findings f = new Findings();
        List<CourseOutline.Lesson> lessons = outline.lessons() == null ? List.of() : outline.lessons();
        if (lessons.size() != lessonCount) {
            f.error("completeness", "course_outline.lessons", "has " + Findings.count(lessons.size(), "lesson") + "; " + lessonCount
                    + " were asked for");
        }
        List<String> sequence = new ArrayList<>();
        // (nulls inside lists are findings, never exceptions: they go back to the model)
        for (int i = 0; i < lessons.size(); i++) {
            CourseOutline.Lesson l = lessons.get(i);
            String part = "course_outline.lesson" + (i + 1);
            if (l == null) {
                f.error("completeness", part, "is null; every lesson is an object with a number, title and objectives");
                continue;
            }
            if (l.number() != i + 1) {
                f.error("sequence", part, "is numbered " + l.number() + " at place " + (i + 1));
            }
            if (l.title() == null || l.title().isBlank()) {
                f.error("completeness", part, "has no title");
            }
            List<String> mine = l.objectives() == null ? List.of() : l.objectives();
            if (mine.isEmpty()) {
                f.error("objective_coverage", part, "teaches no objective of the course");
            }
            if (mine.stream().filter(java.util.Objects::nonNull).distinct().count() < mine.stream().filter(java.util.Objects::nonNull).count()) {
                f.error("objective_coverage", part, "names an objective twice");
            }
            for (String o : mine) {
                if (o == null) {
                    f.error("objective_coverage", part, "has a null objective");
                    continue;
                }
                if (!objectives.contains(o)) {
                    f.error("objective_coverage", part, "names \"" + o + "\", which is not an objective of the course (use their exact words)");
                }
                sequence.add(o);
            }
            for (Integer p : l.prerequisites() == null ? List.<Integer>of() : l.prerequisites()) {
                if (p == null || p < 1 || p >= l.number()) {
                    f.error("sequence", part, "lists lesson " + p + " as a prerequisite; only earlier lessons can be");
                }
            }
        }
        for (String o : objectives) {
            if (!sequence.contains(o)) {
                f.error("objective_coverage", "course_outline", "no lesson teaches \"" + o + "\"");
            }
        }
        // an objective is taught in one stretch: once it gives way to another, it does not come back
        Set<String> done = new HashSet<>();
        String current = null;
        for (String o : sequence) {
            if (!o.equals(current)) {
                if (done.contains(o)) {
                    f.error("objective_coverage", "course_outline", "\"" + o + "\" comes back after other objectives; each objective is"
                            + " taught in one stretch of lessons");
                }
                if (current != null) {
                    done.add(current);
                }
                current = o;
            }
        }
        List<String> firstSeen = sequence.stream().filter(objectives::contains).distinct().toList();
        if (!firstSeen.equals(objectives.stream().filter(firstSeen::contains).toList())) {
            f.error("sequence", "course_outline", "teaches the objectives in the order " + firstSeen + "; the course lists them as "
                    + objectives);
        }
        if (lessonCount <= objectives.size()) {
            Set<String> seen = new HashSet<>();
            Set<String> reported = new HashSet<>();
            for (String o : sequence) {
                if (!seen.add(o) && reported.add(o)) {
                    f.error("objective_coverage", "course_outline", "\"" + o + "\" is taught more than once, though there are at least as"
                            + " many objectives as lessons");
                }
            }
        }
        List<Integer> inUnits = new ArrayList<>();
        for (CourseOutline.Unit u : outline.units() == null ? List.<CourseOutline.Unit>of() : outline.units()) {
            if (u != null && u.lessons() != null) {
                inUnits.addAll(u.lessons());
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= lessons.size(); i++) {
            expected.add(i);
        }
        if (!inUnits.equals(expected)) {
            f.error("sequence", "course_outline.units", "cover lessons " + inUnits + "; each lesson belongs to one unit, in order");
        }
        return f;
    }
}
