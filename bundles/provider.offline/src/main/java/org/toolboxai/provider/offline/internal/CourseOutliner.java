package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course_outline task: the course's lessons in sequence, each after the one before it, with
 * the course's objectives shared out in order. With at least as many objectives as lessons, each
 * lesson takes a block of them; with more lessons than objectives, an objective runs over
 * consecutive lessons (part 1 of 2, part 2 of 2), never coming back later. A unit is the lessons
 * of one objective (or three lessons of blocks), at most four.
 */
final class CourseOutliner {

    private CourseOutliner() {
    }

    static Map<String, Object> outline(Brief brief, int lessonCount) {
        List<String> objectives = brief.objectives();
        int n = objectives.size();
        int lessons = Math.max(1, lessonCount);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < lessons; i++) {
            List<String> mine;
            String title;
            if (lessons <= n) {
                mine = List.copyOf(objectives.subList(i * n / lessons, (i + 1) * n / lessons));
                title = shorten(mine.get(0)) + (mine.size() > 1 ? " and more" : "");
            } else {
                int o = i * n / lessons;
                mine = List.of(objectives.get(o));
                int first = firstLesson(o, n, lessons);
                int span = firstLesson(o + 1, n, lessons) - first;
                title = shorten(mine.get(0)) + (span > 1 ? " (part " + (i - first + 1) + " of " + span + ")" : "");
            }
            Map<String, Object> lesson = new LinkedHashMap<>();
            lesson.put("number", i + 1);
            lesson.put("title", "Lesson " + (i + 1) + ": " + title);
            lesson.put("objectives", mine);
            lesson.put("prerequisites", i == 0 ? List.of() : List.of(i));
            out.add(lesson);
        }
        // units: the lessons of one objective (or of one block of three), at most four lessons each
        List<Map<String, Object>> units = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        Object unitKey = null;
        for (int i = 0; i <= lessons; i++) {
            Object key = i == lessons ? null : lessons > n ? ((List<?>) out.get(i).get("objectives")).get(0) : (Object) (i / 3);
            if (!numbers.isEmpty() && (i == lessons || !key.equals(unitKey) || numbers.size() == 4)) {
                Map<String, Object> unit = new LinkedHashMap<>();
                unit.put("title", "Unit " + (units.size() + 1) + ": "
                        + shorten(String.valueOf(((List<?>) out.get(numbers.get(0) - 1).get("objectives")).get(0))));
                unit.put("lessons", List.copyOf(numbers));
                units.add(unit);
                numbers.clear();
            }
            if (i < lessons) {
                numbers.add(i + 1);
                unitKey = key;
            }
        }
        Map<String, Object> outline = new LinkedHashMap<>();
        outline.put("title", brief.subject() + " for grade " + brief.gradeLevel() + ": a course in " + lessons + " lessons");
        outline.put("units", units);
        outline.put("lessons", out);
        return outline;
    }

    /** The first lesson (0-based) of objective {@code o} when {@code n} objectives run over {@code lessons} lessons. */
    private static int firstLesson(int o, int n, int lessons) {
        for (int i = 0; i < lessons; i++) {
            if (i * n / lessons >= o) {
                return i;
            }
        }
        return lessons;
    }

    private static String shorten(String s) {
        String t = s.trim();
        return t.length() <= 60 ? t : t.substring(0, 57).trim() + "…";
    }
}
