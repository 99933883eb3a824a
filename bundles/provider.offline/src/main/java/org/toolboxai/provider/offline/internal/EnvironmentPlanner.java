package org.toolboxai.provider.offline.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.EnvironmentPlan.Prop;
import org.toolboxai.api.content.EnvironmentPlan.Station;
import org.toolboxai.api.content.EnvironmentPlan.Zone;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Vec3;

/**
 * The environment task. Laid out on a grid of square cells so that the rules hold by construction:
 * a row of cells at the south is the arrival area (spawn), every other cell is one objective's
 * zone with its station in the middle and decoration in the corners. A cell is {@link #CELL}
 * studs wide; the station reaches {@link #STATION}/2 from the centre, decoration at most
 * {@link #CORNER} + {@link #JITTER} + {@link #MAX_PROP}/2 &lt; {@link #CELL}/2, so nothing can
 * overlap, within a cell or across cells, and everything lies inside its zone and the terrain.
 */
final class EnvironmentPlanner {

    static final double CELL = 60;
    static final double STATION = 10;
    static final double STATION_HEIGHT = 6;
    static final double CORNER = 18;
    static final double JITTER = 2;
    static final double MAX_PROP = 8;
    static final double MARGIN = 40;
    static final double MIN_TERRAIN = 200;
    static final double ZONE_HEIGHT = 20;

    private EnvironmentPlanner() {
    }

    /** A plan for the objectives of the lesson plan when given, else the request's. */
    static EnvironmentPlan plan(Brief brief, LessonPlan lessonPlan, Rng rng) {
        List<LessonPlan.Objective> objectives = lessonPlan != null && lessonPlan.objectives() != null
                && !lessonPlan.objectives().isEmpty() ? lessonPlan.objectives() : LessonPlanner.objectives(brief);
        Themes.Theme theme = Themes.of(brief.environment());
        int n = objectives.size();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        double width = cols * CELL;
        double depth = (rows + 1) * CELL;
        Vec3 terrain = new Vec3(Math.max(MIN_TERRAIN, width + 2 * MARGIN), theme.height(),
                Math.max(MIN_TERRAIN, depth + 2 * MARGIN));
        double west = -width / 2;
        double south = -depth / 2;

        List<Zone> zones = new ArrayList<>();
        List<Station> stations = new ArrayList<>();
        List<Prop> props = new ArrayList<>();
        Map<String, Integer> propCounts = new HashMap<>();

        double lobbyZ = south + CELL / 2;
        zones.add(new Zone("lobby", theme.lobby(), new Vec3(0, ZONE_HEIGHT / 2, lobbyZ), new Vec3(width, ZONE_HEIGHT, CELL)));
        Vec3 spawn = new Vec3(0, 1, lobbyZ);
        List<Themes.PropType> lobbyProps = theme.lobbyProps();
        for (int i = 0; i < lobbyProps.size(); i++) {
            double x = i % 2 == 0 ? -CORNER : CORNER;
            double z = lobbyZ + (i < 2 ? CORNER : -CORNER);
            props.add(prop(lobbyProps.get(i), x, z, propCounts));
        }

        for (int i = 0; i < n; i++) {
            int row = i / cols;
            int col = i % cols;
            double cx = west + CELL * (col + 0.5);
            double cz = south + CELL * (row + 1.5);
            String zoneId = "zone" + (i + 1);
            String goal = LessonPlanner.shortName(i < brief.objectives().size() ? brief.objectives().get(i)
                    : objectives.get(i).text());
            zones.add(new Zone(zoneId, theme.zoneName() + " " + (i + 1), new Vec3(cx, ZONE_HEIGHT / 2, cz),
                    new Vec3(CELL, ZONE_HEIGHT, CELL)));
            stations.add(new Station("station" + (i + 1), theme.stationName() + " " + (i + 1) + ": " + goal,
                    objectives.get(i).id(), zoneId, new Vec3(cx, STATION_HEIGHT / 2, cz),
                    new Vec3(STATION, STATION_HEIGHT, STATION)));
            int count = rng.between(2, 4);
            List<double[]> corners = rng.shuffle(List.of(new double[] {-1, -1}, new double[] {1, -1},
                    new double[] {-1, 1}, new double[] {1, 1}));
            for (int k = 0; k < count; k++) {
                double x = cx + corners.get(k)[0] * CORNER + jitter(rng);
                double z = cz + corners.get(k)[1] * CORNER + jitter(rng);
                props.add(prop(rng.pick(theme.props()), x, z, propCounts));
            }
        }
        return new EnvironmentPlan(theme.type(), terrain, spawn, zones, stations, props);
    }

    private static double jitter(Rng rng) {
        return rng.between((int) -JITTER, (int) JITTER);
    }

    private static Prop prop(Themes.PropType type, double x, double z, Map<String, Integer> counts) {
        int number = counts.merge(type.name(), 1, Integer::sum);
        return new Prop(type.name() + " " + number, new Vec3(x, type.size().y() / 2, z), type.size(), type.color());
    }
}
