package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.toolboxai.testing.lms.FakeCanvas;
import org.junit.After;
import org.junit.Test;

/**
 * Kills the distribution's JVM with SIGKILL while workflow runs are mid-flight and a student is
 * mid-way through an adaptive session, with an answer in flight; starts it again, and shows every
 * run completing with every step executed exactly once (counted in the store, in the same
 * transaction as each step's completion) while the steps in flight ran again, and the session
 * going on to its end with every answer counted exactly once, the one in flight included.
 */
public class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int RUNS = 6;
    private static final int STEPS = 10;

    private KarafProcess karaf;
    private FakeCanvas canvas;

    @After
    public void cleanUp() throws Exception {
        if (canvas != null) {
            canvas.close();
        }
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void runsSurviveKillNineWithEveryStepExecutedExactlyOnce() throws Exception {
        karaf = new KarafProcess(Paths.get(System.getProperty("project.build.directory", "target"), "crash"));
        Path templates = Files.createDirectories(karaf.home.resolve("etc/toolbox/workflows"));
        try (var in = getClass().getResourceAsStream("/itest_chain.json")) {
            Files.copy(in, templates.resolve("itest_chain.json"));
        }
        configureStore(karaf);
        // Canvas at boot, pointed at a loopback Canvas; a push nobody touches for 4 s counts as interrupted
        Path boot = karaf.home.resolve("etc/org.apache.karaf.features.cfg");
        Files.writeString(boot, Files.readString(boot).replace("toolbox-lms-files \\", "toolbox-lms-files, \\\n    toolbox-lms-canvas \\"));
        canvas = new FakeCanvas().token("kill-token").course("12", "Science 7");
        karaf.set("etc/org.toolboxai.lms.canvas.cfg", "base.url", canvas.url());
        karaf.set("etc/org.toolboxai.lms.cfg", "stale.seconds", "4");
        karaf.start();
        // the handler's bundle is hot-deployed once the node serves, as an administrator adds one: dropped
        // into deploy/ before the very first start, it twice left a node whose REST servlet never
        // answered (every /api path fell to the fallback servlet; see the closing note of issue 11)
        Files.copy(KarafProcess.path("toolbox.workflow.fixture"), karaf.home.resolve("deploy/workflow-fixture.jar"));
        String token = karaf.adminToken();
        Awaitility.await("the itest template and handler are there").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> karaf.get("/api/v1/workflow-templates", token).body().contains("itest_chain"));

        // a SPARC item bank, and a student four answers into a 10-item adaptive session
        HttpResponse<String> bankRun = karaf.post("/api/v1/workflows", token, "{\"template\": \"adaptive_assessment\", \"parameters\":"
                + " {\"subject\": \"Mathematics\", \"grade_level\": 6, \"learning_objectives\": [\"Add fractions\"], \"levels\": 3,"
                + " \"questions_per_level\": 6}}");
        assertEquals(bankRun.body(), 201, bankRun.statusCode());
        String bankRunId = field(bankRun.body(), "id");
        Awaitility.await("the item bank is built").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> JSON.readTree(karaf.get("/api/v1/workflows/" + bankRunId, token).body()).path("state").asText()
                        .equals("COMPLETED"));
        JsonNode bank = JSON.readTree(karaf.get("/api/v1/sparc/banks/mathematics/items", token).body());
        String kim = field(karaf.post("/api/v1/tokens", token, "{\"name\": \"kim\", \"role\": \"viewer\"}").body(), "secret");
        SimulatedStudent student = new SimulatedStudent(bank, 0.0, 5, new SimulatedStudent.Client() {
            @Override
            public HttpResponse<String> get(String path) throws Exception {
                return karaf.get(path, kim);
            }

            @Override
            public HttpResponse<String> post(String path, String json) throws Exception {
                return karaf.post(path, kim, json);
            }
        });
        HttpResponse<String> started = karaf.post("/api/v1/sparc/sessions", kim,
                "{\"bank\": \"mathematics\", \"max_items\": 10, \"min_items\": 10}");
        assertEquals(started.body(), 201, started.statusCode());
        JsonNode session = student.answerUntil(JSON.readTree(started.body()), 4);
        String sessionId = session.path("id").asText();
        String answers = "/api/v1/sparc/sessions/" + sessionId + "/answers";
        assertEquals(session.toString(), 4, session.path("answered").asInt());
        String fifth = SimulatedStudent.body(session.path("item"), student.response(session.path("item")));

        // a lesson pushed to Canvas, held mid-way (its quiz request reaches Canvas, the answer never comes back): killed with it
        String lesson = field(karaf.post("/api/v1/content?wait=60", token, "{\"subject\": \"Plants\", \"grade_level\": 7,"
                + " \"learning_objectives\": [\"Explain how plants make food\"], \"duration_minutes\": 30}").body(), "id");
        assertEquals(200, karaf.put("/api/v1/lms/canvas/credentials", token, "{\"token\": \"kill-token\"}").statusCode());
        Awaitility.await("canvas is installed").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> karaf.get("/api/v1/lms/canvas/credentials", token).statusCode() == 200);
        canvas.fail("pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "hold");
        HttpResponse<String> push = karaf.post("/api/v1/lms/canvas/push", token, "{\"content_id\": \"" + lesson
                + "\", \"target\": {\"course\": \"12\"}}");
        assertEquals(push.body(), 202, push.statusCode());
        String pushId = field(push.body(), "id");
        assertTrue("a Canvas request is held", canvas.awaitHeld(60));

        // a course of six lessons, lesson n's quiz taking n seconds (the fixture's slow model): killed once
        // some of its lessons are finished and before the others are
        HttpResponse<String> course = karaf.post("/api/v1/courses", token, "{\"subject\": \"Slow course\", \"grade_level\": 6,"
                + " \"learning_objectives\": [\"Add fractions with like denominators\", \"Find the area of rectangles\"],"
                + " \"lesson_count\": 6, \"duration_minutes\": 30}");
        assertEquals(course.body(), 202, course.statusCode());
        String courseId = field(course.body(), "id");

        Awaitility.await("a lesson of the course is finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> finishedLessons(token, courseId).size() >= 1);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            HttpResponse<String> created = karaf.post("/api/v1/workflows", token,
                    "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":300}}");
            assertEquals(created.body(), 201, created.statusCode());
            ids.add(field(created.body(), "id"));
        }
        ToolboxTestSupport.assertStoreRunsOn(databaseProduct(), karaf.get("/api/v1/health", token).body());
        // mid-flight: some steps done, none of the runs finished
        Awaitility.await("runs are mid-flight").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> completedSteps(token, ids) >= RUNS * 2);
        // what was finished before the kill, read just before it: a step finished after this read may run again, none of these may
        Map<String, String> finishedBefore = finishedLessonSteps(token, courseId);
        long lessonsDone = finishedBefore.keySet().stream().filter(step -> step.endsWith(".integration_qa")).count();
        assertTrue("the course is mid-way at the kill: " + finishedBefore.keySet(), lessonsDone >= 1 && lessonsDone < 6);
        // the fifth answer is in flight when the JVM dies: it may or may not have been acknowledged
        java.util.concurrent.CompletableFuture<Integer> inFlight = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return karaf.post(answers, kim, fifth).statusCode();
            } catch (Exception e) {
                return -1;
            }
        });
        karaf.kill();
        int inFlightStatus = inFlight.join();
        canvas.release(); // Canvas does what the held request asked; nobody hears the answer

        karaf.start();
        // the push is said to be interrupted, and pushed again it makes nothing twice
        Awaitility.await("the push is marked failed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> JSON.readTree(karaf.get("/api/v1/lms/pushes/" + pushId, token).body()).path("state").asText().equals("failed"));
        JsonNode interrupted = JSON.readTree(karaf.get("/api/v1/lms/pushes/" + pushId, token).body());
        assertTrue(interrupted.toString(), interrupted.path("error").asText().contains("push again"));
        int modulesBefore = canvas.modulesOf("12").size();
        assertEquals("the push was mid-way at the kill", 1, modulesBefore);
        JsonNode repushed = JSON.readTree(karaf.post("/api/v1/lms/canvas/push?wait=110", token, "{\"content_id\": \"" + lesson
                + "\", \"target\": {\"course\": \"12\"}}").body());
        assertEquals(repushed.toString(), "completed", repushed.path("state").asText());
        assertEquals(1, canvas.modulesOf("12").size());
        assertEquals(List.of("Page", "Quiz", "File", "File"), canvas.modulesOf("12").get(0).items().stream().map(i -> i.path("type").asText()).toList());
        assertEquals(1, canvas.pages.get("12").size());
        assertEquals(1, canvas.quizzesOf("12").size());
        assertEquals(2, canvas.files.size());
        for (String id : ids) {
            Awaitility.await("run " + id + " completes after the restart").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> JSON.readTree(karaf.get("/api/v1/workflows/" + id, token).body()).path("state").asText()
                            .equals("COMPLETED"));
        }
        // the course completes, and no lesson step finished before the kill ran again (same attempt, same finish time)
        Awaitility.await("the course completes after the restart").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> JSON.readTree(karaf.get("/api/v1/workflows/" + courseId, token).body()).path("state").asText()
                        .equals("COMPLETED"));
        Map<String, String> finishedAfter = finishedLessonSteps(token, courseId);
        finishedBefore.forEach((step, how) -> assertEquals("lesson step " + step + " kept", how, finishedAfter.get(step)));
        assertEquals(finishedAfter.toString(), 6, finishedLessons(token, courseId).size());
        JsonNode made = JSON.readTree(karaf.get("/api/v1/courses/" + courseId, token).body());
        assertEquals(made.toString(), 6, made.path("lessons").size());
        made.path("lessons").forEach(l -> assertEquals(made.toString(), "done", l.path("state").asText()));

        // the session goes on: the answer in flight is sent again, and counts once whether it had landed or not
        Awaitility.await("SPARC serves again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> karaf.get("/api/v1/sparc/sessions/" + sessionId, kim).statusCode() == 200);
        int before = JSON.readTree(karaf.get("/api/v1/sparc/sessions/" + sessionId, kim).body()).path("answered").asInt();
        assertTrue("acknowledged answers survive: " + before + " (in flight: " + inFlightStatus + ")",
                inFlightStatus == 200 ? before == 5 : before == 4 || before == 5);
        HttpResponse<String> again = karaf.post(answers, kim, fifth);
        assertEquals(again.body(), before == 5 ? 409 : 200, again.statusCode());
        JsonNode resumed = JSON.readTree(karaf.get("/api/v1/sparc/sessions/" + sessionId, kim).body());
        assertEquals(resumed.toString(), 5, resumed.path("answered").asInt());
        JsonNode finished = student.answerUntil(resumed, 10);
        assertEquals(finished.toString(), "finished", finished.path("state").asText());
        assertEquals(finished.toString(), 10, finished.path("result").path("answered").asInt());
        karaf.stop();

        Map<String, Integer> answerKeys = new HashMap<>();
        try (Connection c = openStore(karaf);
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT answer_key, COUNT(*) FROM sparc_answer WHERE session_id = ? GROUP BY answer_key")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    answerKeys.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        for (int position = 1; position <= 10; position++) {
            assertEquals("answers logged at position " + position + ": " + answerKeys, Integer.valueOf(1),
                    answerKeys.get(sessionId + "#" + position));
        }
        assertEquals(answerKeys.toString(), 10, answerKeys.size());

        Map<String, Integer> executions = new HashMap<>();
        try (Connection c = openStore(karaf);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT step_key, COUNT(*) FROM itest_execution GROUP BY step_key")) {
            while (rs.next()) {
                executions.put(rs.getString(1), rs.getInt(2));
            }
        }
        assertEquals("every step of every run executed", RUNS * STEPS, executions.size());
        executions.forEach((step, count) -> assertEquals("executions of " + step, 1, (int) count));

        Map<String, Integer> starts = new HashMap<>();
        for (String line : Files.readAllLines(karaf.home.resolve("data/itest-starts.log"))) {
            starts.merge(line.split(" ")[0], 1, Integer::sum);
        }
        long rerun = starts.values().stream().filter(n -> n > 1).count();
        assertTrue("the steps in flight at the kill ran again (" + rerun + " did)", rerun >= 1);
    }

    /** Points the distribution at its store before the first start: the shipped embedded H2 needs nothing. */
    protected void configureStore(KarafProcess karaf) throws Exception {
    }

    /** The store's database product, as the health report names it. */
    protected String databaseProduct() {
        return "H2";
    }

    /** A connection to the store of the stopped distribution. */
    protected Connection openStore(KarafProcess karaf) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + karaf.home.resolve("data/toolbox/store"), "sa", "");
    }

    /** The course's completed lesson steps, each with its attempt and finish time. */
    private Map<String, String> finishedLessonSteps(String token, String courseId) throws Exception {
        Map<String, String> done = new HashMap<>();
        for (JsonNode step : JSON.readTree(karaf.get("/api/v1/workflows/" + courseId, token).body()).path("steps")) {
            String id = step.path("id").asText();
            if (id.startsWith("lesson_") && step.path("state").asText().equals("COMPLETED")) {
                done.put(id, step.path("attempt").asInt() + " " + step.path("finished_at").asText());
            }
        }
        return done;
    }

    /** The lessons whose last step (integration and QA) is completed. */
    private List<String> finishedLessons(String token, String courseId) throws Exception {
        return finishedLessonSteps(token, courseId).keySet().stream().filter(s -> s.endsWith(".integration_qa")).sorted().toList();
    }

    private int completedSteps(String token, List<String> ids) throws Exception {
        int done = 0;
        for (String id : ids) {
            JsonNode run = JSON.readTree(karaf.get("/api/v1/workflows/" + id, token).body());
            assertTrue("no run may finish before the kill", !run.path("state").asText().equals("COMPLETED"));
            for (JsonNode step : run.path("steps")) {
                done += step.path("state").asText().equals("COMPLETED") ? 1 : 0;
            }
        }
        return done;
    }

    private static String field(String json, String name) throws IOException {
        String value = JSON.readTree(json).path(name).asText(null);
        assertTrue(json, value != null);
        return value;
    }
}
