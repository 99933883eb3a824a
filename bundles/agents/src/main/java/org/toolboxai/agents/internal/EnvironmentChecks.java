package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Vec3;

/** Checks of a 3D plan: inside the terrain, no overlaps, one station per objective, stations in their zones. */
final class EnvironmentChecks {

    private static final double EPSILON = 1e-6;

    private EnvironmentChecks() {
    }

    record Box(String part, Vec3 position, Vec3 size) {
        double min(int axis) {
            return get(position, axis) - get(size, axis) / 2;
        }

        double max(int axis) {
            return get(position, axis) + get(size, axis) / 2;
        }
    }

    static Findings check(EnvironmentPlan env, LessonPlan plan) {
        Findings f = new Findings();
        if (env.terrain() == null) {
            f.error("bounds", "environment.terrain", "is missing");
            return f;
        }
        Vec3 t = env.terrain();
        List<Box> solid = new ArrayList<>();
        Map<String, Box> zones = new HashMap<>();
        for (EnvironmentPlan.Zone z : list(env.zones())) {
            Box box = new Box("environment.zones." + z.id(), z.position(), z.size());
            inside(f, box, t);
            zones.put(z.id(), box);
        }
        Map<String, Integer> perObjective = new HashMap<>();
        for (EnvironmentPlan.Station s : list(env.stations())) {
            Box box = new Box("environment.stations." + s.id(), s.position(), s.size());
            inside(f, box, t);
            solid.add(box);
            perObjective.merge(String.valueOf(s.objectiveId()), 1, Integer::sum);
            Box zone = zones.get(s.zoneId());
            if (zone == null) {
                f.error("zones", box.part(), "stands in unknown zone " + s.zoneId());
            } else if (!horizontallyWithin(box, zone)) {
                f.error("zones", box.part(), "is not inside its zone " + s.zoneId());
            }
        }
        for (EnvironmentPlan.Prop p : list(env.props())) {
            Box box = new Box("environment.props." + p.name(), p.position(), p.size());
            inside(f, box, t);
            solid.add(box);
        }
        for (int i = 0; i < solid.size(); i++) {
            for (int j = i + 1; j < solid.size(); j++) {
                if (overlap(solid.get(i), solid.get(j))) {
                    f.error("overlap", solid.get(i).part(), "overlaps " + solid.get(j).part());
                }
            }
        }
        for (LessonPlan.Objective o : list(plan.objectives())) {
            int n = perObjective.getOrDefault(o.id(), 0);
            if (n != 1) {
                f.error("objective_coverage", "environment.stations", "objective " + o.id() + " has " + n + " stations; exactly 1 is required");
            }
        }
        if (env.spawn() == null || Math.abs(env.spawn().x()) > t.x() / 2 || Math.abs(env.spawn().z()) > t.z() / 2) {
            f.error("bounds", "environment.spawn", "is missing or outside the terrain");
        }
        return f;
    }

    private static void inside(Findings f, Box box, Vec3 terrain) {
        if (box.position() == null || box.size() == null) {
            f.error("bounds", box.part(), "has no position or size");
            return;
        }
        if (box.size().x() <= 0 || box.size().y() <= 0 || box.size().z() <= 0) {
            f.error("bounds", box.part(), "has a size that is not positive");
        }
        boolean in = box.min(0) >= -terrain.x() / 2 - EPSILON && box.max(0) <= terrain.x() / 2 + EPSILON
                && box.min(2) >= -terrain.z() / 2 - EPSILON && box.max(2) <= terrain.z() / 2 + EPSILON
                && box.min(1) >= -EPSILON && box.max(1) <= terrain.y() + EPSILON;
        if (!in) {
            f.error("bounds", box.part(), "lies outside the terrain " + terrain.x() + " x " + terrain.y() + " x " + terrain.z());
        }
    }

    static boolean overlap(Box a, Box b) {
        if (a.position() == null || b.position() == null || a.size() == null || b.size() == null) {
            return false;
        }
        for (int axis = 0; axis < 3; axis++) {
            if (a.max(axis) <= b.min(axis) + EPSILON || b.max(axis) <= a.min(axis) + EPSILON) {
                return false;
            }
        }
        return true;
    }

    private static boolean horizontallyWithin(Box inner, Box outer) {
        return inner.min(0) >= outer.min(0) - EPSILON && inner.max(0) <= outer.max(0) + EPSILON
                && inner.min(2) >= outer.min(2) - EPSILON && inner.max(2) <= outer.max(2) + EPSILON;
    }

    private static double get(Vec3 v, int axis) {
        return axis == 0 ? v.x() : axis == 1 ? v.y() : v.z();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
