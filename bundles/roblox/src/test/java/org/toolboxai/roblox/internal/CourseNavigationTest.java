package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A course's place: no two areas overlap, every area is reachable from the hub, lessons open in order. */
class CourseNavigationTest {

    private static double[] center(Object raw) {
        List<?> c = (List<?>) raw;
        return new double[] {((Number) c.get(0)).doubleValue(), ((Number) c.get(2)).doubleValue()};
    }

    @Test
    void areasDoNotOverlapAndAreReachableFromTheHubInOrder() {
        for (int n = 1; n <= 20; n++) {
            List<String> titles = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                titles.add("Lesson " + i);
            }
            Map<String, Object> nav = CourseNavigation.plan(titles);
            List<double[]> squares = new ArrayList<>();
            List<Double> sizes = new ArrayList<>();
            Map<?, ?> hub = (Map<?, ?>) nav.get("hub");
            squares.add(center(hub.get("center")));
            sizes.add(((Number) hub.get("size")).doubleValue());
            List<?> areas = (List<?>) nav.get("areas");
            assertThat(areas).hasSize(n);
            for (Object a : areas) {
                squares.add(center(((Map<?, ?>) a).get("center")));
                sizes.add(((Number) ((Map<?, ?>) a).get("size")).doubleValue());
            }
            Map<?, ?> last = (Map<?, ?>) nav.get("summative");
            squares.add(center(last.get("center")));
            sizes.add(((Number) last.get("size")).doubleValue());
            // axis-aligned squares: two overlap when both their x and their z ranges do
            for (int i = 0; i < squares.size(); i++) {
                for (int j = i + 1; j < squares.size(); j++) {
                    double reach = (sizes.get(i) + sizes.get(j)) / 2;
                    boolean overlap = Math.abs(squares.get(i)[0] - squares.get(j)[0]) < reach
                            && Math.abs(squares.get(i)[1] - squares.get(j)[1]) < reach;
                    assertThat(overlap).as(n + " lessons: squares " + i + " and " + j).isFalse();
                }
            }
            // reachability: portals hub -> each area, opened in order (lesson k after lesson k-1), the final one after all
            Set<Integer> completed = new HashSet<>();
            ArrayDeque<Integer> open = new ArrayDeque<>();
            for (int step = 0; step <= n; step++) {
                for (Object a : areas) {
                    Map<?, ?> area = (Map<?, ?>) a;
                    int lesson = (Integer) area.get("lesson");
                    if (!completed.contains(lesson) && completed.containsAll((List<?>) area.get("unlocked_by")) && !open.contains(lesson)) {
                        open.add(lesson);
                    }
                }
                if (!open.isEmpty()) {
                    int next = open.poll();
                    assertThat(next).as("lessons open in order").isEqualTo(completed.size() + 1);
                    assertThat(((Map<?, ?>) areas.get(next - 1)).get("portal_from_hub")).isNotNull();
                    completed.add(next);
                }
            }
            assertThat(completed).hasSize(n);
            // every portal stands apart from the others and from the map board (at least 10 studs)
            List<double[]> spots = new ArrayList<>();
            for (Object a : areas) {
                spots.add(center(((Map<?, ?>) a).get("portal_from_hub")));
                assertThat(((Map<?, ?>) a).get("portal_to_hub")).isNotNull();
            }
            spots.add(center(last.get("portal_from_hub")));
            assertThat(last.get("portal_to_hub")).isNotNull();
            spots.add(center(((Map<?, ?>) hub.get("map_board")).get("position")));
            for (int i = 0; i < spots.size(); i++) {
                for (int j = i + 1; j < spots.size(); j++) {
                    assertThat(Math.hypot(spots.get(i)[0] - spots.get(j)[0], spots.get(i)[1] - spots.get(j)[1]))
                            .as(n + " lessons: spots " + i + " and " + j).isGreaterThanOrEqualTo(10);
                }
            }
            assertThat(completed).containsAll((List<Integer>) (List<?>) last.get("unlocked_by"));
        }
    }
}
