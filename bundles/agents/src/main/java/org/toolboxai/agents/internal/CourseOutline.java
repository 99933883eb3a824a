package org.toolboxai.agents.internal;

import java.util.List;

/**
 * A course's plan: its lessons in sequence with their objectives and prerequisites, grouped in
 * units. The lessons of a {@code complete_course} run each teach their entry's objectives.
 */
record CourseOutline(String title, List<Unit> units, List<Lesson> lessons) {

    /** A unit: a title and the numbers of its lessons. */
    record Unit(String title, List<Integer> lessons) {
    }

    /**
     * A lesson of the course.
     *
     * @param number        its place in the sequence, from 1
     * @param objectives    the course objectives it teaches, as the teacher wrote them
     * @param prerequisites the numbers of the earlier lessons it builds on
     */
    record Lesson(int number, String title, List<String> objectives, List<Integer> prerequisites) {
    }

    /** The entry of lesson {@code number}, if the outline has one. */
    java.util.Optional<Lesson> lesson(int number) {
        return lessons == null ? java.util.Optional.empty()
                : lessons.stream().filter(l -> l != null && l.number() == number).findFirst();
    }
}
