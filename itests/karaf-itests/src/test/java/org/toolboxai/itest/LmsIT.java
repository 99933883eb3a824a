package org.toolboxai.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.toolboxai.testing.lms.FakeCanvas;
import org.toolboxai.testing.lms.FakeSchoology;

/**
 * LMS delivery in the running distribution against a loopback Canvas: the canvas feature installed
 * while requests run, a teacher's token stored and never shown, a lesson and a six-lesson course
 * pushed with what Canvas holds compared with the packages, faults recovered by the error
 * coordinator, a push cut short and made again without duplicates, the feature uninstalled (its
 * routes answer the clear 404) and installed again; the files provider and the course exports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LmsIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final String FEATURE = "toolbox-lms-canvas";
    private static final String CANVAS_TOKEN = "tom-canvas-token-7f3a";
    private static final String NOT_INSTALLED = "no LMS provider named canvas is installed";

    @Inject
    private ConfigurationAdmin configAdmin;

    /** A fresh loopback Canvas, and the canvas provider pointed at it. */
    private FakeCanvas canvas() throws IOException {
        FakeCanvas canvas = new FakeCanvas().token(CANVAS_TOKEN).course("12", "Science 7", "Period 1", "Period 2").course("13", "Science 8");
        configAdmin.getConfiguration("org.toolboxai.lms.canvas", "?").update(new Hashtable<>(Map.of("base.url", canvas.url(),
                "mode", "modules", "timeout.seconds", 5)));
        return canvas;
    }

    private void install(String tom) throws Exception {
        executeCommand("feature:install " + FEATURE);
        Awaitility.await("canvas is listed").atMost(BOUND).ignoreExceptions().until(() -> {
            JsonNode lms = json(get("/api/v1/lms", tom));
            for (JsonNode p : lms.path("providers")) {
                if (p.path("name").asText().equals("canvas")) {
                    return p.path("health").path("status").asText().equals("UP");
                }
            }
            return false;
        });
    }

    private HttpResponse<String> put(String path, String authorization, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode lesson(String tom, String subject) throws Exception {
        HttpResponse<String> made = post("/api/v1/content?wait=90", tom, "{\"subject\": \"" + subject + "\", \"grade_level\": 7,"
                + " \"learning_objectives\": [\"Explain how plants make food\", \"Name the inputs of photosynthesis\"], \"duration_minutes\": 30}");
        assertEquals(made.body(), 200, made.statusCode());
        return json(made);
    }

    private JsonNode push(String tom, String id, String course) throws Exception {
        HttpResponse<String> pushed = post("/api/v1/lms/canvas/push?wait=110", tom,
                "{\"content_id\": \"" + id + "\", \"target\": {\"course\": \"" + course + "\"}}");
        assertEquals(pushed.body(), 200, pushed.statusCode());
        return json(pushed);
    }

    @Test
    public void canvasIsInstalledUsedUninstalledAndInstalledAgainWhileOtherRequestsSucceed() throws Exception {
        String admin = bearer(adminToken());
        String tom = basic("tom", TOM_PASSWORD);
        try (FakeCanvas canvas = canvas()) {
            swapUnderLoad(admin, tom, canvas);
        }
    }

    private void swapUnderLoad(String admin, String tom, FakeCanvas canvas) throws Exception {
        Awaitility.await("boot done").atMost(BOUND).ignoreExceptions().until(() -> get("/api/v1/lms", tom).statusCode() == 200);
        executeCommand("feature:uninstall " + FEATURE); // in case another test of this class installed it
        Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/lms/canvas/courses", tom).statusCode() == 404);
        HttpResponse<String> missing = get("/api/v1/lms/canvas/courses", tom);
        RuntimeIT.assertProblem(missing, 404);
        assertEquals(missing.body(), NOT_INSTALLED + " (installed: files)", json(missing).path("detail").asText());

        JsonNode lesson = lesson(tom, "science");
        String id = lesson.path("id").asText();
        try (Load load = new Load(admin)) {
            install(tom);

            // the teacher's token: stored, said to be stored, never shown
            RuntimeIT.assertProblem(put("/api/v1/lms/canvas/credentials", tom, "{\"token\": \"\", \"password\": \"x\"}"), 400);
            HttpResponse<String> stored = put("/api/v1/lms/canvas/credentials", tom, "{\"token\": \"" + CANVAS_TOKEN + "\"}");
            assertEquals(stored.body(), 200, stored.statusCode());
            HttpResponse<String> shown = get("/api/v1/lms/canvas/credentials", tom);
            assertEquals(shown.body(), List.of("token"), strings(json(shown).path("stored")));
            assertFalse("the token is never sent back", shown.body().contains(CANVAS_TOKEN) || stored.body().contains(CANVAS_TOKEN));
            JsonNode courses = json(get("/api/v1/lms/canvas/courses", tom));
            JsonNode science = find(courses, c -> c.path("id").asText().equals("12"));
            assertEquals(science.toString(), List.of("Period 1", "Period 2"), strings(science.path("sections"), "name"));

            // a lesson pushed: what Canvas holds is the package
            JsonNode done = push(tom, id, "12");
            assertEquals(done.toString(), "completed", done.path("state").asText());
            assertCanvasHolds(canvas, "12", lesson, tom);
            assertTrue("every request carried the teacher's token", canvas.requests.stream().filter(r -> r.contains("/api/v1/"))
                    .allMatch(r -> r.endsWith(" " + CANVAS_TOKEN)));

            // pushed again through faults: a 500 and Canvas's throttle, recovered by the error coordinator; nothing twice
            canvas.fail("500", "throttle");
            JsonNode again = push(tom, id, "12");
            assertEquals(again.toString(), "completed", again.path("state").asText());
            assertTrue("every fault was met: " + canvas.pendingFaults(), canvas.pendingFaults().isEmpty());
            assertCanvasHolds(canvas, "12", lesson, tom);
            JsonNode errors = json(get("/api/v1/errors?status=all&component=lms", admin));
            List<String> classes = new ArrayList<>();
            errors.path("groups").forEach(g -> classes.add(g.path("error_class").asText()));
            assertTrue(errors.toString(), classes.containsAll(List.of("network", "rate_limited")));
            JsonNode remote = json(get("/api/v1/lms/pushes/" + again.path("id").asText() + "/remote", tom));
            List<String> kinds = strings(remote.path("objects"), "kind");
            assertTrue(remote.toString(), kinds.containsAll(List.of("module", "page", "quiz", "file")));
            String listed = executeCommand("toolbox:lms-list");
            assertTrue(listed, listed.contains("canvas") && listed.contains("files"));

            // uninstalled: its routes answer the clear 404, the rest keeps working
            executeCommand("feature:uninstall " + FEATURE);
            Awaitility.await("canvas goes").atMost(BOUND).until(() -> get("/api/v1/lms/canvas/courses", tom).statusCode() == 404);
            HttpResponse<String> gone = post("/api/v1/lms/canvas/push", tom, "{\"content_id\": \"" + id + "\", \"target\": {\"course\": \"12\"}}");
            RuntimeIT.assertProblem(gone, 404);
            assertEquals(gone.body(), NOT_INSTALLED + " (installed: files)", json(gone).path("detail").asText());
            assertEquals(200, get("/api/v1/lms", tom).statusCode());

            // installed again: the stored token still works, and a push still makes nothing twice
            install(tom);
            JsonNode back = push(tom, id, "12");
            assertEquals(back.toString(), "completed", back.path("state").asText());
            assertCanvasHolds(canvas, "12", lesson, tom);
            load.assertNoFailures();
        }
    }

    @Test
    public void aSixLessonCoursePushCutShortIsMadeAgainWithoutDuplicatesAndExportsAsFiles() throws Exception {
        String tom = basic("tom", TOM_PASSWORD);
        try (FakeCanvas canvas = canvas()) {
            courseCutShort(tom, canvas);
        }
    }

    private void courseCutShort(String tom, FakeCanvas canvas) throws Exception {
        Awaitility.await("boot done").atMost(BOUND).ignoreExceptions().until(() -> get("/api/v1/lms", tom).statusCode() == 200);
        install(tom);
        assertEquals(200, put("/api/v1/lms/canvas/credentials", tom, "{\"token\": \"" + CANVAS_TOKEN + "\"}").statusCode());
        HttpResponse<String> created = post("/api/v1/courses", tom, "{\"subject\": \"Science\", \"grade_level\": 7, \"learning_objectives\":"
                + " [\"Describe cells\", \"Explain photosynthesis\", \"Describe food chains\", \"Explain the water cycle\", \"Name forces\","
                + " \"Describe energy\"], \"lesson_count\": 6, \"duration_minutes\": 30}");
        assertEquals(created.body(), 202, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        String courseId = location.substring(location.lastIndexOf('/') + 1);
        Awaitility.await("the course completes").atMost(BOUND).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json(get(location, tom)).path("state").asText().equals("COMPLETED"));
        JsonNode course = json(get(location, tom)).path("course");
        String title = course.path("title").asText();

        // cut short: Canvas refuses a request half-way (after the third lesson's module), the push fails
        List<String> faults = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            faults.add("pass");
        }
        faults.add("404");
        canvas.fail(faults.toArray(String[]::new));
        HttpResponse<String> cut = post("/api/v1/lms/canvas/push?wait=110", tom, "{\"content_id\": \"" + courseId + "\", \"target\": {\"course\": \"13\"}}");
        assertEquals(cut.body(), 200, cut.statusCode());
        assertEquals(cut.body(), "failed", json(cut).path("state").asText());
        int partial = canvas.modulesOf("13").size();
        assertTrue("the push stopped half-way: " + partial + " modules", partial >= 1 && partial < 8);

        JsonNode done = push(tom, courseId, "13");
        assertEquals(done.toString(), "completed", done.path("state").asText());
        assertEquals(done.toString(), "course", done.path("kind").asText());
        List<String> modules = canvas.modulesOf("13").stream().map(FakeCanvas.Module::name).toList();
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            expected.add("Lesson " + n + ": " + course.path("lessons").get(n - 1).path("title").asText());
        }
        expected.add(title + ": final assessment");
        expected.add(title + ": play in Roblox");
        assertEquals(expected, modules);
        assertEquals(7, canvas.quizzesOf("13").size());
        assertEquals(6, canvas.pages.get("13").size());
        // each lesson's quiz in Canvas is the lesson's quiz: its questions, and the keys weighted 100
        for (int n = 1; n <= 6; n++) {
            JsonNode pkg = course.path("lessons").get(n - 1).path("package");
            String quizTitle = pkg.path("quiz").path("title").asText();
            JsonNode quiz = canvas.quizzesOf("13").stream().filter(z -> z.path("title").asText().equals(quizTitle)).findFirst().orElseThrow();
            assertQuestionsMatch(pkg.path("quiz"), canvas.questions.get(quiz.path("id").asLong()));
        }

        // the same course as files: the QTI zip has every lesson's quiz and the final one
        HttpResponse<byte[]> qti = http.send(HttpRequest.newBuilder(uri("/api/v1/courses/" + courseId + "/export/qti.zip"))
                .header("Authorization", tom).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, qti.statusCode());
        List<String> entries = entries(qti.body());
        for (int n = 1; n <= 6; n++) {
            assertTrue(entries.toString(), entries.contains("lesson-" + n + "/assessment.xml"));
        }
        assertTrue(entries.toString(), entries.contains("final/assessment.xml") && entries.contains("imsmanifest.xml"));
        JsonNode files = json(post("/api/v1/lms/files/push?wait=60", tom, "{\"content_id\": \"" + courseId + "\"}"));
        assertEquals(files.toString(), "completed", files.path("state").asText());
        assertEquals(files.toString(), List.of("/api/v1/courses/" + courseId + "/export/cartridge.imscc",
                "/api/v1/courses/" + courseId + "/export/qti.zip"), strings(files.path("objects"), "url"));
        // and from the shell, as the teacher
        String shell = executeCommand("toolbox:lms-push --user tom files " + courseId);
        assertTrue(shell, shell.contains("State: completed") && shell.contains("/api/v1/courses/" + courseId + "/export/cartridge.imscc"));
    }

    @Test
    public void schoologyIsInstalledAndALessonGoesToASectionWithSignedRequests() throws Exception {
        String tom = basic("tom", TOM_PASSWORD);
        try (FakeSchoology schoology = new FakeSchoology().user("tom-key", "tom-secret", 77).section("501", "900", "Science 7", "Period 1")) {
            configAdmin.getConfiguration("org.toolboxai.lms.schoology", "?").update(new Hashtable<>(Map.of("api.url", schoology.api(),
                    "web.url", "https://school.schoology.test", "timeout.seconds", 5)));
            Awaitility.await("boot done").atMost(BOUND).ignoreExceptions().until(() -> get("/api/v1/lms", tom).statusCode() == 200);
            RuntimeIT.assertProblem(get("/api/v1/lms/schoology/courses", tom), 404);
            executeCommand("feature:install toolbox-lms-schoology");
            Awaitility.await("schoology is listed").atMost(BOUND).ignoreExceptions()
                    .until(() -> strings(json(get("/api/v1/lms", tom)).path("providers"), "name").contains("schoology"));
            assertEquals(200, put("/api/v1/lms/schoology/credentials", tom, "{\"consumer_key\": \"tom-key\", \"consumer_secret\": \"tom-secret\"}")
                    .statusCode());
            JsonNode courses = json(get("/api/v1/lms/schoology/courses", tom));
            assertEquals(courses.toString(), "Period 1", courses.get(0).path("sections").get(0).path("name").asText());
            JsonNode lesson = lesson(tom, "science");
            HttpResponse<String> pushed = post("/api/v1/lms/schoology/push?wait=60", tom,
                    "{\"content_id\": \"" + lesson.path("id").asText() + "\", \"target\": {\"section\": \"501\"}}");
            assertEquals(pushed.body(), 200, pushed.statusCode());
            assertEquals(pushed.body(), "completed", json(pushed).path("state").asText());
            String title = lesson.path("lesson_plan").path("title").asText();
            assertEquals(List.of(title, title + ": quiz"), schoology.assignments.get("501").stream().map(a -> a.path("title").asText()).toList());
            assertTrue("every request was signed right: " + schoology.refused, schoology.refused.isEmpty());
            executeCommand("feature:uninstall toolbox-lms-schoology");
            Awaitility.await("schoology goes").atMost(BOUND).until(() -> get("/api/v1/lms/schoology/courses", tom).statusCode() == 404);
        }
    }

    /** Canvas holds one module for the lesson with its page, quiz and both files, the quiz being the package's. */
    private void assertCanvasHolds(FakeCanvas canvas, String course, JsonNode lesson, String tom) throws Exception {
        String title = lesson.path("lesson_plan").path("title").asText();
        List<FakeCanvas.Module> modules = canvas.modulesOf(course);
        assertEquals(modules.toString(), 1, modules.size());
        assertEquals(title, modules.get(0).name());
        assertEquals(List.of("Page", "Quiz", "File", "File"), modules.get(0).items().stream().map(i -> i.path("type").asText()).toList());
        assertEquals(1, canvas.pages.get(course).size());
        assertTrue(canvas.pages.get(course).values().iterator().next().path("body").asText().contains(LessonPageText.escaped(title)));
        assertEquals(1, canvas.quizzesOf(course).size());
        JsonNode quiz = canvas.quizzesOf(course).get(0);
        assertQuestionsMatch(lesson.path("quiz"), canvas.questions.get(quiz.path("id").asLong()));
        // the place in Canvas is the place the API exports
        HttpResponse<byte[]> place = http.send(HttpRequest.newBuilder(uri("/api/v1/content/" + lesson.path("id").asText()
                + "/export/place.rbxlx")).header("Authorization", tom).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        long placeId = canvas.files.values().stream().filter(f -> f.path("filename").asText().equals("place.rbxlx")
                && f.path("folder_path").asText().equals("Toolbox/" + lesson.path("id").asText())).findFirst().orElseThrow().path("id").asLong();
        assertArrayEquals(place.body(), canvas.fileBytes.get(placeId));
    }

    /** Each question in Canvas is the package's: same count and order, and the answers weighted 100 are its key. */
    private static void assertQuestionsMatch(JsonNode quiz, List<com.fasterxml.jackson.databind.node.ObjectNode> inCanvas) {
        JsonNode questions = quiz.path("questions");
        assertEquals(inCanvas.toString(), questions.size(), inCanvas.size());
        for (int i = 0; i < questions.size(); i++) {
            JsonNode q = questions.get(i);
            JsonNode c = inCanvas.get(i);
            assertEquals(q.path("id").asText(), c.path("question_name").asText());
            List<String> key = strings(q.path("answer"));
            List<String> right = new ArrayList<>();
            List<String> pairs = new ArrayList<>();
            c.path("answers").forEach(a -> {
                if (a.has("left")) {
                    pairs.add(a.path("left").asText() + " => " + a.path("right").asText());
                } else if (a.path("weight").asDouble() == 100) {
                    right.add(a.path("text").asText());
                }
            });
            switch (q.path("type").asText()) {
                case "multiple_choice", "short_answer", "fill_blank" -> assertEquals(q.toString(), key, right);
                case "true_false" -> assertEquals(q.toString(), List.of(key.get(0).equalsIgnoreCase("true") ? "True" : "False"), right);
                case "matching" -> assertEquals(q.toString(), key, pairs);
                case "ordering" -> {
                    List<String> positions = new ArrayList<>();
                    for (String item : strings(q.path("options"))) {
                        int n = key.indexOf(item) + 1;
                        positions.add(item + " => " + n + (n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th"));
                    }
                    assertEquals(q.toString(), positions, pairs);
                }
                default -> throw new AssertionError("unknown type " + q);
            }
        }
    }

    /** How the lesson page writes a title (HTML-escaped). */
    private static final class LessonPageText {
        static String escaped(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
        }
    }

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.path(field).asText()));
        return list;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return n;
            }
        }
        throw new AssertionError("not found in " + array);
    }
}
