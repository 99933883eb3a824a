package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The offline course outline: every objective in one stretch of lessons, in order; units cover every lesson once. */
class CourseOutlinerTest {

    private static Brief brief(int objectives) {
        List<String> o = new ArrayList<>();
        for (int i = 1; i <= objectives; i++) {
            o.add("Objective " + i);
        }
        return new Brief("Mathematics", "6", 6, o, "interactive_classroom", 45, true, 5, List.of("multiple_choice"), "progressive",
                List.of(), 0, 0);
    }

    @Test
    void everyObjectiveIsTaughtInOneStretchAndEveryLessonTeachesOne() {
        for (int objectives = 1; objectives <= 10; objectives++) {
            for (int lessons = 1; lessons <= 20; lessons++) {
                Map<String, Object> outline = CourseOutliner.outline(brief(objectives), lessons);
                List<?> entries = (List<?>) outline.get("lessons");
                assertThat(entries).hasSize(lessons);
                List<String> sequence = new ArrayList<>();
                for (int i = 0; i < lessons; i++) {
                    Map<?, ?> lesson = (Map<?, ?>) entries.get(i);
                    assertThat(lesson.get("number")).isEqualTo(i + 1);
                    List<?> mine = (List<?>) lesson.get("objectives");
                    assertThat(mine).isNotEmpty();
                    mine.forEach(m -> sequence.add(m.toString()));
                    int number = i + 1;
                    assertThat((List<?>) lesson.get("prerequisites")).allSatisfy(p -> assertThat((Integer) p).isLessThan(number));
                }
                // in order, each objective in one stretch, none dropped
                List<String> distinct = sequence.stream().distinct().toList();
                assertThat(distinct).as(objectives + " objectives, " + lessons + " lessons").isEqualTo(brief(objectives).objectives()
                        .subList(0, distinct.size()));
                assertThat(distinct).hasSize(objectives);
                if (lessons <= objectives) {
                    assertThat(sequence).doesNotHaveDuplicates();
                }
                List<Integer> inUnits = new ArrayList<>();
                for (Object u : (List<?>) outline.get("units")) {
                    List<?> numbers = (List<?>) ((Map<?, ?>) u).get("lessons");
                    assertThat(numbers).hasSizeBetween(1, 4);
                    numbers.forEach(x -> inUnits.add((Integer) x));
                }
                assertThat(inUnits).isEqualTo(java.util.stream.IntStream.rangeClosed(1, lessons).boxed().toList());
            }
        }
    }
}
