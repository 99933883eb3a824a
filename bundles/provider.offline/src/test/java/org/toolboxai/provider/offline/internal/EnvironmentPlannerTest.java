package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.Vec3;

class EnvironmentPlannerTest {

    private static final double EPS = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"interactive_classroom", "laboratory", "outdoor", "space_station", "museum", "underwater"})
    void everythingInsideNothingOverlapsOneStationPerObjectiveInItsZone(String type) throws Exception {
        for (int n = 1; n <= 10; n++) {
            for (String feedback : new String[] {null, "overlap between props", "try again"}) {
                List<String> objectives = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    objectives.add("Objective number " + i + " about fractions");
                }
                Map<String, Object> context = Requests.context(Requests.request("Mathematics", 6, objectives, type, 45, 5,
                        List.of(), "medium", List.of()));
                context.put("lesson_plan", Requests.asJson(Requests.curriculum(context)));
                EnvironmentPlan env = Json.MAPPER.readValue(Requests.complete("environment", context, feedback).text(),
                        EnvironmentPlan.class);
                check(env, n, type);
            }
        }
    }

    private static void check(EnvironmentPlan env, int n, String type) {
        String at = type + " with " + n + " objectives";
        assertThat(env.type()).isEqualTo(type);
        Vec3 t = env.terrain();
        assertThat(t.x()).isGreaterThanOrEqualTo(200);
        assertThat(t.z()).isGreaterThanOrEqualTo(200);
        assertThat(Math.abs(env.spawn().x())).isLessThanOrEqualTo(t.x() / 2);
        assertThat(Math.abs(env.spawn().z())).isLessThanOrEqualTo(t.z() / 2);
        assertThat(env.spawn().y()).isBetween(0.0, t.y());

        Map<String, EnvironmentPlan.Zone> zones = new HashMap<>();
        for (EnvironmentPlan.Zone z : env.zones()) {
            inside(at + " zone " + z.id(), z.position(), z.size(), t);
            assertThat(zones.put(z.id(), z)).as("zone ids unique").isNull();
        }
        List<Vec3[]> solid = new ArrayList<>();
        List<String> names = new ArrayList<>();
        assertThat(env.stations()).hasSize(n);
        for (int i = 0; i < n; i++) {
            EnvironmentPlan.Station s = env.stations().get(i);
            assertThat(s.id()).isEqualTo("station" + (i + 1));
            assertThat(s.objectiveId()).isEqualTo("obj" + (i + 1));
            inside(at + " " + s.id(), s.position(), s.size(), t);
            EnvironmentPlan.Zone zone = zones.get(s.zoneId());
            assertThat(zone).as("%s zone of %s", at, s.id()).isNotNull();
            for (int axis : new int[] {0, 2}) {
                assertThat(get(s.position(), axis) - get(s.size(), axis) / 2)
                        .isGreaterThanOrEqualTo(get(zone.position(), axis) - get(zone.size(), axis) / 2 - EPS);
                assertThat(get(s.position(), axis) + get(s.size(), axis) / 2)
                        .isLessThanOrEqualTo(get(zone.position(), axis) + get(zone.size(), axis) / 2 + EPS);
            }
            solid.add(new Vec3[] {s.position(), s.size()});
            names.add(s.id());
        }
        for (EnvironmentPlan.Prop p : env.props()) {
            inside(at + " " + p.name(), p.position(), p.size(), t);
            assertThat(p.color()).matches("#[0-9a-f]{6}");
            solid.add(new Vec3[] {p.position(), p.size()});
            names.add(p.name());
        }
        assertThat(names).doesNotHaveDuplicates();
        for (int i = 0; i < solid.size(); i++) {
            for (int j = i + 1; j < solid.size(); j++) {
                assertThat(overlap(solid.get(i), solid.get(j))).as("%s: %s overlaps %s", at, names.get(i), names.get(j))
                        .isFalse();
            }
        }
    }

    private static void inside(String what, Vec3 p, Vec3 s, Vec3 t) {
        assertThat(s.x()).as(what).isPositive();
        assertThat(s.y()).as(what).isPositive();
        assertThat(s.z()).as(what).isPositive();
        assertThat(Math.abs(p.x()) + s.x() / 2).as(what).isLessThanOrEqualTo(t.x() / 2 + EPS);
        assertThat(Math.abs(p.z()) + s.z() / 2).as(what).isLessThanOrEqualTo(t.z() / 2 + EPS);
        assertThat(p.y() - s.y() / 2).as(what).isGreaterThanOrEqualTo(-EPS);
        assertThat(p.y() + s.y() / 2).as(what).isLessThanOrEqualTo(t.y() + EPS);
    }

    private static boolean overlap(Vec3[] a, Vec3[] b) {
        for (int axis = 0; axis < 3; axis++) {
            double aMin = get(a[0], axis) - get(a[1], axis) / 2;
            double aMax = get(a[0], axis) + get(a[1], axis) / 2;
            double bMin = get(b[0], axis) - get(b[1], axis) / 2;
            double bMax = get(b[0], axis) + get(b[1], axis) / 2;
            if (aMax <= bMin + EPS || bMax <= aMin + EPS) {
                return false;
            }
        }
        return true;
    }

    private static double get(Vec3 v, int axis) {
        return axis == 0 ? v.x() : axis == 1 ? v.y() : v.z();
    }
}
