package org.toolboxai.roblox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Vec3;

/**
 * A whole course as one place, written as one package so the place and Rojo exports of a lesson
 * serve it unchanged:
 * <ul>
 * <li>the hub (the terrain, with the spawn and the course map board) at the origin, and one
 * floating floor per lesson and one for the final assessment on the navigation's ring, with gaps of
 * void between them, so the portals are the only way from one to another;</li>
 * <li>each lesson's zones, stations and props moved into its area, its ids prefixed {@code L<n>-}
 * so that no two lessons share a station, an objective or a question;</li>
 * <li>the final area: one station per course objective with the summative questions on it
 * (prefixed {@code F-}, so answering them in a lesson does not count for the final);</li>
 * <li>portals (parts in {@code Workspace.Props}) from the hub to each area and back;</li>
 * <li>the scripts: the first lesson's quiz scripts, which read the combined quiz from the
 * written QuizData and QuizKeys modules, plus {@code CourseGate} (server: opens lessons in order,
 * moves players through portals), {@code CourseMap} (client: the board) and {@code CourseData}
 * (the lessons' questions, portals and arrival points).</li>
 * </ul>
 */
final class CoursePlace {

    static final String GATE = "CourseGate";
    static final String MAP = "CourseMap";
    static final String DATA = "CourseData";
    static final String BOARD = "Course map";
    static final String FINAL_TITLE = "Final assessment";
    static final Vec3 PORTAL = new Vec3(6, 8, 6);
    private static final String PORTAL_COLOUR = "#8a3ffc";
    private static final String FLOOR_COLOUR = "#9da3a8";
    private static final double STATION_SPACING = 18;

    /** A finished lesson: its number, title and package. */
    record Lesson(int number, String title, ContentPackage pkg) {
    }

    /** A question of the summative assessment: the lesson it comes from and the course objective it checks. */
    record Summative(int lesson, Quiz.Question question, String objective) {
    }

    private CoursePlace() {
    }

    /** The side of an area: the hub's default, or more when a lesson's terrain needs it. */
    static double areaSide(List<Lesson> lessons) {
        double side = CourseNavigation.AREA;
        for (Lesson l : lessons) {
            EnvironmentPlan env = l.pkg() == null ? null : l.pkg().environment();
            if (env != null && env.terrain() != null) {
                side = Math.max(side, Math.max(Math.abs(env.terrain().x()), Math.abs(env.terrain().z())));
            }
        }
        return Math.ceil(side);
    }

    /**
     * The course's package.
     *
     * @param id        the run that made the course (names the DataStore)
     * @param nav       {@link CourseNavigation#plan(List, double)} for these lessons
     */
    static ContentPackage build(String id, String title, String subject, String gradeLevel, List<Lesson> lessons,
            List<Summative> summative, Map<String, Object> nav) {
        String type = lessons.stream().map(l -> l.pkg().environment()).filter(e -> e != null && e.type() != null)
                .map(EnvironmentPlan::type).findFirst().orElse("interactive_classroom");
        double side = ((Number) ((Map<?, ?>) nav.get("hub")).get("size")).doubleValue();
        double height = lessons.stream().map(l -> l.pkg().environment()).filter(e -> e != null && e.terrain() != null)
                .mapToDouble(e -> e.terrain().y()).max().orElse(50);

        List<EnvironmentPlan.Zone> zones = new ArrayList<>();
        List<EnvironmentPlan.Station> stations = new ArrayList<>();
        List<EnvironmentPlan.Prop> props = new ArrayList<>();
        List<Quiz.Question> questions = new ArrayList<>();
        List<LessonPlan.Objective> objectives = new ArrayList<>();
        List<Map<String, Object>> lessonData = new ArrayList<>();

        props.add(new EnvironmentPlan.Prop(BOARD, vec(list(((Map<?, ?>) ((Map<?, ?>) nav.get("hub")).get("map_board")).get("position"))),
                new Vec3(24, 12, 1), "#1e2a3a"));
        List<?> areas = (List<?>) nav.get("areas");
        for (int i = 0; i < lessons.size(); i++) {
            Lesson lesson = lessons.get(i);
            Map<?, ?> area = (Map<?, ?>) areas.get(i);
            Vec3 c = vec(list(area.get("center")));
            String p = "L" + lesson.number() + "-";
            props.add(floor(lesson.title() + " floor", c, side));
            EnvironmentPlan env = lesson.pkg().environment();
            if (env != null) {
                for (EnvironmentPlan.Zone z : WorkspaceModel.list(env.zones())) {
                    zones.add(new EnvironmentPlan.Zone(p + z.id(), z.name(), shift(z.position(), c), z.size()));
                }
                for (EnvironmentPlan.Station s : WorkspaceModel.list(env.stations())) {
                    stations.add(new EnvironmentPlan.Station(p + s.id(), s.name(), p + s.objectiveId(), p + s.zoneId(),
                            shift(s.position(), c), s.size()));
                }
                for (EnvironmentPlan.Prop pr : WorkspaceModel.list(env.props())) {
                    props.add(new EnvironmentPlan.Prop(pr.name(), shift(pr.position(), c), pr.size(), pr.color()));
                }
            }
            LessonPlan plan = lesson.pkg().lessonPlan();
            if (plan != null && plan.objectives() != null) {
                plan.objectives().forEach(o -> objectives.add(new LessonPlan.Objective(p + o.id(), o.text())));
            }
            List<String> ids = new ArrayList<>();
            Quiz quiz = lesson.pkg().quiz();
            for (Quiz.Question q : quiz == null || quiz.questions() == null ? List.<Quiz.Question>of() : WorkspaceModel.list(quiz.questions())) {
                questions.add(new Quiz.Question(p + q.id(), q.type(), p + q.objectiveId(), q.prompt(), q.options(), q.answer(),
                        q.points(), q.explanation()));
                ids.add(p + q.id());
            }
            lessonData.add(portals(area, lesson.number(), lesson.title(), ids, props));
        }

        // the final area: a station per course objective, in rows around its middle
        Map<?, ?> last = (Map<?, ?>) nav.get("summative");
        Vec3 fc = vec(list(last.get("center")));
        props.add(floor(FINAL_TITLE + " floor", fc, side));
        zones.add(new EnvironmentPlan.Zone("final", FINAL_TITLE, new Vec3(fc.x(), 0.1, fc.z()), new Vec3(side - 10, 0.2, side - 10)));
        Map<String, Integer> objectiveStation = new LinkedHashMap<>();
        summative.forEach(s -> objectiveStation.putIfAbsent(s.objective(), objectiveStation.size() + 1));
        int perRow = (int) Math.max(1, Math.ceil(Math.sqrt(objectiveStation.size())));
        objectiveStation.forEach((objective, k) -> {
            int row = (k - 1) / perRow;
            int col = (k - 1) % perRow;
            double x = fc.x() + (col - (perRow - 1) / 2.0) * STATION_SPACING;
            double z = fc.z() + (row - (perRow - 1) / 2.0) * STATION_SPACING;
            stations.add(new EnvironmentPlan.Station("F-station" + k, shorten(objective), "F-objective" + k, "final",
                    new Vec3(x, 2, z), new Vec3(6, 4, 6)));
            objectives.add(new LessonPlan.Objective("F-objective" + k, objective));
        });
        List<String> finalIds = new ArrayList<>();
        for (Summative s : summative) {
            Quiz.Question q = s.question();
            String qid = "F-L" + s.lesson() + "-" + q.id();
            if (finalIds.contains(qid)) {
                continue; // asked once, whichever objective named it first
            }
            questions.add(new Quiz.Question(qid, q.type(), "F-objective" + objectiveStation.get(s.objective()), q.prompt(),
                    q.options(), q.answer(), q.points(), q.explanation()));
            finalIds.add(qid);
        }
        Map<String, Object> finalData = portals(last, 0, FINAL_TITLE, finalIds, props);

        Vec3 spawn = new Vec3(0, 1, -side / 4);
        EnvironmentPlan environment = new EnvironmentPlan(type, new Vec3(side, height, side), spawn, zones, stations, props);
        Quiz quiz = new Quiz(title, questions);
        List<LuauScript> scripts = new ArrayList<>();
        lessons.stream().findFirst().map(l -> l.pkg().scripts()).orElse(List.of()).stream()
                .filter(s -> s != null && !QuizModules.DATA.equals(s.name()) && !QuizModules.KEYS.equals(s.name()))
                .forEach(scripts::add);
        scripts.add(new LuauScript(DATA, ScriptKind.MODULE, courseData(title, new Vec3(spawn.x(), 3, spawn.z()), lessonData, finalData)));
        scripts.add(new LuauScript(GATE, ScriptKind.SERVER, resource(GATE)));
        scripts.add(new LuauScript(MAP, ScriptKind.CLIENT, resource(MAP)));
        LessonPlan plan = new LessonPlan(title, subject, gradeLevel, "A course of " + lessons.size() + " lessons in one place: "
                + "a hub with the course map, one area per lesson opened in order, and the final assessment.",
                objectives, List.of(), List.of(), List.of());
        return new ContentPackage(id, plan, environment, quiz, scripts, new QualityReport(true, 0, List.of()),
                new Provenance("course", null, 0, 0, List.of()));
    }

    /** The area's portals as props, and what CourseData says about it. */
    private static Map<String, Object> portals(Map<?, ?> area, int number, String title, List<String> questionIds,
            List<EnvironmentPlan.Prop> props) {
        String to = number > 0 ? "Portal to lesson " + number : "Portal to the final assessment";
        String back = number > 0 ? "Portal back from lesson " + number : "Portal back from the final assessment";
        props.add(new EnvironmentPlan.Prop(to, lift(vec(list(area.get("portal_from_hub")))), PORTAL, PORTAL_COLOUR));
        props.add(new EnvironmentPlan.Prop(back, lift(vec(list(area.get("portal_to_hub")))), PORTAL, PORTAL_COLOUR));
        Map<String, Object> data = new LinkedHashMap<>();
        if (number > 0) {
            data.put("number", number);
        }
        data.put("title", title);
        data.put("portal", to);
        data.put("back", back);
        data.put("center", vec(list(area.get("center"))));
        data.put("size", ((Number) area.get("size")).doubleValue());
        data.put("arrival", vec(list(area.get("arrival"))));
        data.put("hubArrival", vec(list(area.get("hub_arrival"))));
        data.put("questions", questionIds);
        return data;
    }

    /** The CourseData module. */
    static String courseData(String title, Vec3 hubSpawn, List<Map<String, Object>> lessons, Map<String, Object> last) {
        StringBuilder b = new StringBuilder();
        b.append("-- ").append(DATA).append(" (module, in ReplicatedStorage): the course's lessons in order, the questions\n")
                .append("-- that complete each, its portals (parts in Workspace.Props) and where players arrive.\n")
                .append("-- Read by CourseGate (server) and CourseMap (client). No answers are in it.\n")
                .append("local CourseData = {}\n\n")
                .append("CourseData.title = ").append(QuizModules.str(title)).append("\n")
                .append("CourseData.board = ").append(QuizModules.str(BOARD)).append("\n")
                .append("-- where a player found in a lesson area that is not open for them is sent back to\n")
                .append("CourseData.hubSpawn = ").append(vector(hubSpawn)).append("\n\n")
                .append("CourseData.lessons = {\n");
        for (Map<String, Object> l : lessons) {
            b.append(area(l)).append(",\n");
        }
        b.append("}\n\nCourseData.final = ").append(area(last)).append("\n\nreturn CourseData\n");
        return b.toString();
    }

    private static String area(Map<String, Object> a) {
        StringBuilder b = new StringBuilder("\t{ ");
        if (a.get("number") != null) {
            b.append("number = ").append(a.get("number")).append(", ");
        }
        b.append("title = ").append(QuizModules.str((String) a.get("title"))).append(",\n\t\tcenter = ")
                .append(vector((Vec3) a.get("center"))).append(", size = ").append(num((Double) a.get("size")))
                .append(",\n\t\tportal = ")
                .append(QuizModules.str((String) a.get("portal"))).append(", back = ").append(QuizModules.str((String) a.get("back")))
                .append(",\n\t\tarrival = ").append(vector((Vec3) a.get("arrival"))).append(", hubArrival = ")
                .append(vector((Vec3) a.get("hubArrival"))).append(",\n\t\tquestions = {");
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) a.get("questions");
        for (int i = 0; i < ids.size(); i++) {
            b.append(i == 0 ? " " : ", ").append(QuizModules.str(ids.get(i)));
        }
        return b.append(ids.isEmpty() ? "} }" : " } }").toString();
    }

    private static EnvironmentPlan.Prop floor(String name, Vec3 centre, double side) {
        return new EnvironmentPlan.Prop(name, new Vec3(centre.x(), -0.5, centre.z()), new Vec3(side, 1, side), FLOOR_COLOUR);
    }

    private static Vec3 shift(Vec3 v, Vec3 by) {
        return v == null ? new Vec3(by.x(), 0, by.z()) : new Vec3(v.x() + by.x(), v.y(), v.z() + by.z());
    }

    private static Vec3 lift(Vec3 v) {
        return new Vec3(v.x(), PORTAL.y() / 2, v.z());
    }

    private static List<?> list(Object o) {
        return (List<?>) o;
    }

    private static Vec3 vec(List<?> c) {
        return new Vec3(((Number) c.get(0)).doubleValue(), ((Number) c.get(1)).doubleValue(), ((Number) c.get(2)).doubleValue());
    }

    static String vector(Vec3 v) {
        return "Vector3.new(" + num(v.x()) + ", " + num(v.y()) + ", " + num(v.z()) + ")";
    }

    private static String num(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String shorten(String text) {
        String t = text == null ? "" : text.strip();
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }

    /** A script shipped with this bundle. */
    static String resource(String name) {
        try (InputStream in = CoursePlace.class.getResourceAsStream("luau/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("luau/" + name + ".lua is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
