package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.QualityReport;

/** What refuses a course outline: a dropped or returning objective, the wrong size, a later prerequisite, units out of order. */
class CourseChecksTest {

    static final List<String> OBJECTIVES = List.of("Add fractions", "Multiply decimals", "Find areas");

    static CourseOutline.Lesson lesson(int n, List<String> objectives, List<Integer> prerequisites) {
        return new CourseOutline.Lesson(n, "Lesson " + n, objectives, prerequisites);
    }

    static List<String> checks(CourseOutline outline, int lessons) {
        return CourseChecks.outline(outline, OBJECTIVES, lessons).list().stream().filter(QualityReport.Finding::fails)
                .map(f -> f.check() + " " + f.part() + ": " + f.message()).toList();
    }

    @Test
    void aGoodOutlinePasses() {
        CourseOutline good = new CourseOutline("Course", List.of(new CourseOutline.Unit("U1", List.of(1, 2)), new CourseOutline.Unit("U2",
                List.of(3, 4))), List.of(lesson(1, List.of("Add fractions"), List.of()), lesson(2, List.of("Add fractions"), List.of(1)),
                        lesson(3, List.of("Multiply decimals"), List.of(2)), lesson(4, List.of("Find areas"), List.of(3))));
        assertThat(checks(good, 4)).isEmpty();
    }

    @Test
    void everyDefectIsNamed() {
        CourseOutline bad = new CourseOutline("Course", List.of(new CourseOutline.Unit("U1", List.of(2, 1))),
                List.of(lesson(1, List.of("Add fractions"), List.of(2)), lesson(2, List.of("Multiply decimals"), List.of()),
                        lesson(3, List.of("Add fractions", "Made up"), List.of())));
        List<String> found = checks(bad, 4);
        assertThat(found).anyMatch(f -> f.startsWith("completeness") && f.contains("3 lessons"));
        assertThat(found).anyMatch(f -> f.contains("no lesson teaches \"Find areas\""));
        assertThat(found).anyMatch(f -> f.contains("\"Add fractions\" comes back"));
        assertThat(found).anyMatch(f -> f.contains("\"Made up\", which is not an objective"));
        assertThat(found).anyMatch(f -> f.startsWith("sequence course_outline.lesson1") && f.contains("prerequisite"));
        assertThat(found).anyMatch(f -> f.startsWith("sequence course_outline.units"));
        // nulls from a model are findings, not exceptions; so are an objective twice in a lesson and the wrong order
        CourseOutline odd = new CourseOutline("Course", java.util.Arrays.asList((CourseOutline.Unit) null),
                java.util.Arrays.asList(lesson(1, java.util.Arrays.asList("Find areas", null), List.of()), null,
                        lesson(3, List.of("Add fractions", "Add fractions"), List.of()), lesson(4, List.of("Multiply decimals"), List.of())));
        List<String> oddFound = checks(odd, 4);
        assertThat(oddFound).anyMatch(f -> f.contains("null objective"));
        assertThat(oddFound).anyMatch(f -> f.contains("lesson2") && f.contains("is null"));
        assertThat(oddFound).anyMatch(f -> f.contains("names an objective twice"));
        assertThat(oddFound).anyMatch(f -> f.contains("in the order"));
        // with as many lessons as objectives, an objective may not be in two lessons
        CourseOutline twice = new CourseOutline("Course", List.of(new CourseOutline.Unit("U1", List.of(1, 2, 3))),
                List.of(lesson(1, List.of("Add fractions", "Multiply decimals"), List.of()), lesson(2, List.of("Multiply decimals"), List.of(1)),
                        lesson(3, List.of("Find areas"), List.of(2))));
        assertThat(checks(twice, 3)).anyMatch(f -> f.contains("taught more than once"));
    }
}
