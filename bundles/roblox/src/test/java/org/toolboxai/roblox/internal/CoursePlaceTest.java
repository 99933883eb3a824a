package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.Vec3;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A course's one place, checked from the outside: every lesson's stations inside its own area,
 * the areas (floors) apart from each other and from the hub, a portal pair per area, no id twice,
 * and the scripts a Roblox developer gets (parsed by a real Lua parser, present in the place file).
 */
class CoursePlaceTest {

    static List<CoursePlace.Lesson> lessons(int n) {
        List<CoursePlace.Lesson> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new CoursePlace.Lesson(i, "Lesson " + i + " of photosynthesis", Fixtures.lesson()));
        }
        return out;
    }

    static ContentPackage course(int n) {
        List<CoursePlace.Lesson> lessons = lessons(n);
        Quiz.Question q1 = Fixtures.quiz().questions().get(0);
        Quiz.Question q2 = Fixtures.quiz().questions().get(1);
        Quiz.Question q3 = Fixtures.quiz().questions().get(2);
        // the same question named twice is asked once
        List<CoursePlace.Summative> summative = List.of(new CoursePlace.Summative(n, q1, "Name the inputs"),
                new CoursePlace.Summative(n, q3, "Explain where it happens"), new CoursePlace.Summative(1, q2, "Name the inputs"),
                new CoursePlace.Summative(n, q1, "Explain where it happens"));
        Map<String, Object> nav = CourseNavigation.plan(lessons.stream().map(CoursePlace.Lesson::title).toList(),
                lessons.stream().map(CoursePlace.Lesson::number).toList(), CoursePlace.areaSide(lessons));
        return CoursePlace.build("course-run-1", "Photosynthesis course", "science", "7", lessons, summative, nav);
    }

    private static boolean inside(Vec3 p, Vec3 centre, double side) {
        return Math.abs(p.x() - centre.x()) < side / 2 && Math.abs(p.z() - centre.z()) < side / 2;
    }

    private static EnvironmentPlan.Prop prop(ContentPackage p, String name) {
        return p.environment().props().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no prop " + name));
    }

    @Test
    void everyLessonKeepsItsStationsAndQuestionsInsideItsOwnAreaWithPortalsBothWays() {
        for (int n : new int[] {1, 3, 7}) {
            ContentPackage p = course(n);
            EnvironmentPlan env = p.environment();
            double side = env.terrain().x();
            assertThat(side).as("the areas are as large as the largest lesson's terrain").isEqualTo(200);
            Vec3 hub = new Vec3(0, 0, 0);
            // the floors: the hub (terrain) and one per lesson plus the final one, none overlapping another
            List<Vec3> floors = new ArrayList<>(List.of(hub));
            for (int i = 1; i <= n; i++) {
                floors.add(prop(p, "Lesson " + i + " of photosynthesis floor").position());
            }
            floors.add(prop(p, CoursePlace.FINAL_TITLE + " floor").position());
            for (int a = 0; a < floors.size(); a++) {
                for (int b = a + 1; b < floors.size(); b++) {
                    boolean overlap = Math.abs(floors.get(a).x() - floors.get(b).x()) < side
                            && Math.abs(floors.get(a).z() - floors.get(b).z()) < side;
                    assertThat(overlap).as(n + " lessons: floors " + a + " and " + b).isFalse();
                }
            }
            // each lesson's 3 stations in its floor, prefixed; the final area's stations in its floor
            Set<String> stationIds = new HashSet<>();
            for (EnvironmentPlan.Station s : env.stations()) {
                assertThat(stationIds.add(s.id())).as("station id " + s.id() + " once").isTrue();
                int floor = s.id().startsWith("F-") ? n + 1 : Integer.parseInt(s.id().substring(1, s.id().indexOf('-')));
                assertThat(inside(s.position(), floors.get(floor), side)).as(s.id() + " inside its area").isTrue();
            }
            assertThat(env.stations()).hasSize(3 * n + 2);
            // every question once, on a station of its own lesson (the stationOf rule the quiz scripts use)
            Set<String> questionIds = new HashSet<>();
            for (Quiz.Question q : p.quiz().questions()) {
                assertThat(questionIds.add(q.id())).as("question id " + q.id() + " once").isTrue();
                String station = QuizModules.stationOf(q, env.stations());
                String prefix = q.id().startsWith("F-") ? "F-" : q.id().substring(0, q.id().indexOf('-') + 1);
                assertThat(station).as(q.id() + " asked in its own area").startsWith(prefix);
            }
            assertThat(p.quiz().questions()).hasSize(4 * n + 3);
            // portals: into each area from inside the hub's walls, and back from inside the area
            for (int i = 1; i <= n + 1; i++) {
                String to = i <= n ? "Portal to lesson " + i : "Portal to the final assessment";
                String back = i <= n ? "Portal back from lesson " + i : "Portal back from the final assessment";
                Vec3 from = prop(p, to).position();
                assertThat(Math.abs(from.x()) < side / 2 - WorkspaceModel.WALL_THICKNESS - CoursePlace.PORTAL.x() / 2
                        && Math.abs(from.z()) < side / 2 - WorkspaceModel.WALL_THICKNESS - CoursePlace.PORTAL.z() / 2)
                        .as(to + " inside the hub").isTrue();
                assertThat(inside(prop(p, back).position(), floors.get(i), side)).as(back + " inside its area").isTrue();
            }
            assertThat(inside(prop(p, CoursePlace.BOARD).position(), hub, side)).isTrue();
        }
    }

    @Test
    void theScriptsParseAndThePlaceFileCarriesThemWithTheCombinedQuiz() throws Exception {
        ContentPackage p = course(3);
        LuaJScriptChecker checker = new LuaJScriptChecker();
        for (LuauScript s : p.scripts()) {
            assertThat(checker.check(s)).as(s.name()).isEmpty();
        }
        assertThat(p.scripts()).extracting(LuauScript::name).contains(CoursePlace.GATE, CoursePlace.MAP, CoursePlace.DATA,
                "QuizStation", "Progress").doesNotContain(QuizModules.DATA, QuizModules.KEYS);
        byte[] place = Fixtures.bytes(new PlaceFileExport(), p);
        var doc = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(place));
        NodeList items = doc.getElementsByTagName("Item");
        Map<String, String> scripts = new java.util.HashMap<>();
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            if (item.getAttribute("class").endsWith("Script")) {
                NodeList strings = item.getElementsByTagName("string");
                String name = null;
                for (int j = 0; j < strings.getLength(); j++) {
                    if ("Name".equals(((Element) strings.item(j)).getAttribute("name"))) {
                        name = strings.item(j).getTextContent();
                    }
                }
                scripts.put(name, item.getAttribute("class"));
            }
        }
        assertThat(scripts).containsEntry(CoursePlace.GATE, "Script").containsEntry(CoursePlace.MAP, "LocalScript")
                .containsEntry(CoursePlace.DATA, "ModuleScript").containsEntry(QuizModules.DATA, "ModuleScript")
                .containsEntry(QuizModules.KEYS, "ModuleScript");
        // the written QuizData has every lesson's questions and no answer key
        String quizData = QuizDataModule.source(p);
        assertThat(quizData).contains("\"L1-q1\"", "\"L3-q4\"", "\"F-L3-q1\"", "\"L2-station2\"").doesNotContain(Fixtures.SECRET_ANSWER);
    }
}
