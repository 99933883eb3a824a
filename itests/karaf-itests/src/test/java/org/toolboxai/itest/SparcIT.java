package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.w3c.dom.Document;

/**
 * SPARC on the running distribution, as a teacher and a student use it: the adaptive_assessment
 * workflow builds an item bank with the offline provider, a simulated student takes an adaptive
 * session over REST to its stopping rule, every bad answer gets a clear 4xx and changes nothing,
 * the profile, reports, commands and health show the result, and {@code toolbox-sparc} is
 * uninstalled and installed again while other requests keep succeeding, the session surviving it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SparcIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final String FEATURE = "toolbox-sparc";

    @Test
    public void aBankIsBuiltAStudentIsAssessedAdaptivelyAndTheFeatureIsSwappedUnderLoad() throws Exception {
        String admin = bearer(adminToken());
        String tom = basic("tom", TOM_PASSWORD);
        Awaitility.await("boot done").atMost(BOUND).ignoreExceptions()
                .until(() -> get("/api/v1/sparc/banks", tom).statusCode() == 200);

        // the teacher builds the bank: 5 difficulty bands x 8 questions, checked and assembled
        HttpResponse<String> created = post("/api/v1/workflows", tom, "{\"template\": \"adaptive_assessment\", \"parameters\": {"
                + "\"subject\": \"Mathematics\", \"grade_level\": 5, \"learning_objectives\": [\"Add fractions with like denominators\","
                + " \"Multiply decimals by whole numbers\"], \"levels\": 5, \"questions_per_level\": 8}}");
        assertEquals(created.body(), 201, created.statusCode());
        String run = json(created).path("id").asText();
        Awaitility.await("the adaptive_assessment run completes").atMost(BOUND).ignoreExceptions()
                .until(() -> json(get("/api/v1/workflows/" + run, tom)).path("state").asText().equals("COMPLETED"));
        JsonNode assembly = step(json(get("/api/v1/workflows/" + run, tom)), "assessment_assembly").path("output");
        assertEquals(assembly.toString(), "mathematics", assembly.path("bank").asText());
        assertEquals(assembly.toString(), 40, assembly.path("items").asInt());
        JsonNode bank = json(get("/api/v1/sparc/banks/mathematics/items", tom));
        assertEquals(bank.toString(), 40, bank.path("items").asInt());
        // independent checks of the bank: keys among the options, bands rising with the level
        double previous = -10;
        for (int level = 1; level <= 5; level++) {
            double b = Double.NaN;
            for (JsonNode item : bank.path("list")) {
                if (item.path("level").asInt() == level) {
                    b = item.path("band_b").asDouble();
                    if (item.path("type").asText().equals("multiple_choice")) {
                        Set<String> options = new HashSet<>();
                        item.path("options").forEach(o -> options.add(o.asText()));
                        assertTrue(item.toString(), options.contains(item.path("answer").get(0).asText()));
                        assertEquals(item.toString(), 1.0 / item.path("options").size(), item.path("c").asDouble(), 1e-9);
                    }
                }
            }
            assertTrue("band " + level + " is harder than the one before", b > previous);
            previous = b;
        }

        // the teacher's class, and a student token
        // the roster is the administrator's: a teacher cannot make themselves anyone's teacher
        RuntimeIT.assertProblem(post("/api/v1/sparc/classes", tom, "{\"name\": \"5B\", \"teacher\": \"tom\", \"students\": [\"ana\"]}"), 403);
        HttpResponse<String> klass = post("/api/v1/sparc/classes", admin,
                "{\"name\": \"5B\", \"teacher\": \"tom\", \"students\": [\"ana\", \"sam\"]}");
        assertEquals(klass.body(), 201, klass.statusCode());
        String ana = bearer(json(post("/api/v1/tokens", admin, "{\"name\": \"ana\", \"role\": \"viewer\"}")).path("secret").asText());
        String lee = bearer(json(post("/api/v1/tokens", admin, "{\"name\": \"ms-lee\", \"role\": \"teacher\"}")).path("secret").asText());
        String sam = basic("sam", SAM_PASSWORD);

        // a student cannot read the bank (keys), nor start a session for someone else
        RuntimeIT.assertProblem(get("/api/v1/sparc/banks/mathematics/items", ana), 403);
        RuntimeIT.assertProblem(post("/api/v1/sparc/sessions", ana, "{\"bank\": \"mathematics\", \"student\": \"sam\"}"), 403);
        HttpResponse<String> bad = post("/api/v1/sparc/sessions", ana, "{\"bank\": \"\", \"mode\": \"cram\", \"max_items\": 0}");
        RuntimeIT.assertProblem(bad, 400);
        assertEquals(bad.body(), Set.of("bank", "mode", "max_items"),
                new HashSet<>(json(bad).path("errors").findValuesAsText("field")));
        RuntimeIT.assertProblem(post("/api/v1/sparc/sessions", ana, "{\"bank\": \"history\"}"), 404);

        HttpResponse<String> started = post("/api/v1/sparc/sessions", ana,
                "{\"bank\": \"mathematics\", \"max_items\": 25, \"min_items\": 5, \"target_se\": 0.5}");
        assertEquals(started.body(), 201, started.statusCode());
        JsonNode session = json(started);
        String id = session.path("id").asText();
        assertEquals(session.toString(), "ana", session.path("student").asText());
        assertTrue("no key is shown to the student", session.path("item").path("answer").isMissingNode());
        SimulatedStudent student = new SimulatedStudent(bank, 0.5, 11, new SimulatedStudent.Client() {
            @Override
            public HttpResponse<String> get(String path) throws Exception {
                return SparcIT.this.get(path, ana);
            }

            @Override
            public HttpResponse<String> post(String path, String json) throws Exception {
                return SparcIT.this.post(path, ana, json);
            }
        });
        session = student.answerUntil(session, 3);
        JsonNode presented = session.path("item");
        assertEquals(session.toString(), 3, session.path("answered").asInt());

        // bad answers: each a 4xx problem, and nothing changes
        String answers = "/api/v1/sparc/sessions/" + id + "/answers";
        HttpResponse<String> replay = post(answers, ana, "{\"position\": 3, \"item_id\": \"x\", \"response\": \"1\"}");
        RuntimeIT.assertProblem(replay, 409);
        assertTrue(replay.body(), json(replay).path("detail").asText().contains("answered already"));
        RuntimeIT.assertProblem(post(answers, ana, SimulatedStudent.body(presented, "\"1\"").replace(
                presented.path("item_id").asText(), "not-presented")), 409);
        RuntimeIT.assertProblem(post(answers, sam, SimulatedStudent.body(presented, "\"1\"")), 404);
        RuntimeIT.assertProblem(post(answers, lee, SimulatedStudent.body(presented, "\"1\"")), 404);
        HttpResponse<String> empty = post(answers, ana, "{}");
        RuntimeIT.assertProblem(empty, 400);
        assertEquals(empty.body(), Set.of("position", "item_id", "response"), new HashSet<>(json(empty).path("errors").findValuesAsText("field")));
        JsonNode unchanged = json(get("/api/v1/sparc/sessions/" + id, ana));
        assertEquals(unchanged.toString(), 3, unchanged.path("answered").asInt());
        assertEquals(unchanged.toString(), presented, unchanged.path("item"));
        // the teacher of ana's class follows the session but does not answer in it; another teacher does not see it
        assertEquals(200, get("/api/v1/sparc/sessions/" + id, tom).statusCode());
        RuntimeIT.assertProblem(post(answers, tom, SimulatedStudent.body(presented, "\"1\"")), 403);
        RuntimeIT.assertProblem(get("/api/v1/sparc/sessions/" + id, lee), 404);

        try (Load load = new Load(admin)) {
            executeCommand("feature:uninstall " + FEATURE);
            Awaitility.await("its routes go").atMost(BOUND).until(() -> get("/api/v1/sparc/banks", tom).statusCode() == 404);
            RuntimeIT.assertProblem(get("/api/v1/sparc/sessions/" + id, ana), 404);
            assertTrue(contributor(get("/api/v1/health", admin).body(), "sparc").isMissingNode());
            executeCommand("feature:install " + FEATURE);
            Awaitility.await("its routes come back").atMost(BOUND).until(() -> get("/api/v1/sparc/banks", tom).statusCode() == 200);
            JsonNode back = json(get("/api/v1/sparc/sessions/" + id, ana));
            assertEquals(back.toString(), 3, back.path("answered").asInt());
            assertEquals(back.toString(), presented, back.path("item"));
            session = student.answerUntil(back, 30);
            load.assertNoFailures();
        }

        // the result: θ, its SE, mastery per skill, feedback; the stop rule held
        JsonNode result = session.path("result");
        assertEquals(session.toString(), "finished", session.path("state").asText());
        int given = result.path("answered").asInt();
        String stop = result.path("stop_reason").asText();
        assertTrue(session.toString(), stop.equals("precision") && result.path("se").asDouble() <= 0.5 && given >= 5
                || stop.equals("max_length") && given == 25 || stop.equals("bank_exhausted"));
        assertTrue(result.toString(), result.path("skills").size() >= 1);
        assertFalse(result.path("feedback").asText().isEmpty());
        RuntimeIT.assertProblem(post(answers, ana, "{\"position\": " + (given + 1) + ", \"item_id\": \"x\", \"response\": \"1\"}"), 409);

        JsonNode profile = json(get("/api/v1/sparc/students/ana", ana));
        assertEquals(profile.toString(), given, profile.path("abilities").get(0).path("answers").asInt());
        assertEquals(profile.toString(), "mathematics", profile.path("abilities").get(0).path("domain").asText());
        assertEquals(200, get("/api/v1/sparc/students/ana", tom).statusCode());
        RuntimeIT.assertProblem(get("/api/v1/sparc/students/ana", lee), 404);
        RuntimeIT.assertProblem(get("/api/v1/sparc/students/ana", sam), 404);

        // a session can be left where it is, and then takes no answer
        JsonNode second = json(post("/api/v1/sparc/sessions", ana, "{\"bank\": \"mathematics\"}"));
        HttpResponse<String> left = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/sparc/sessions/" + second.path("id").asText()))
                .header("Authorization", ana).DELETE());
        assertEquals(left.body(), 200, left.statusCode());
        assertEquals(left.body(), "abandoned", json(left).path("result").path("stop_reason").asText());
        RuntimeIT.assertProblem(post("/api/v1/sparc/sessions/" + second.path("id").asText() + "/answers", ana,
                SimulatedStudent.body(second.path("item"), "\"1\"")), 409);

        // the pictures are well-formed SVG with the curves drawn
        assertSvg(get("/api/v1/sparc/students/ana/report.svg", ana), 2);
        assertSvg(get("/api/v1/sparc/simulation.svg", ana), 4);

        // the bank's statistics count what happened, and the administrator's commands show it
        JsonNode after = json(get("/api/v1/sparc/banks/mathematics/items", tom));
        assertEquals(after.toString(), given, after.path("answers").asInt());
        assertTrue(after.toString(), after.path("calibrated_elo").asInt() >= 1);
        assertTrue(executeCommand("toolbox:sparc-student ana").contains("mathematics"));
        String items = executeCommand("toolbox:sparc-items mathematics");
        assertTrue(items, items.contains("40 items") && items.contains(SimulatedStudent.ids(after).get(0)));
        Awaitility.await("its health and schema are reported").atMost(BOUND).until(() -> {
            String health = get("/api/v1/health", admin).body();
            return contributor(health, "sparc").path("status").asText().equals("UP")
                    && contributor(health, "store").path("details").path("schemas").path("sparc").asText().equals("1");
        });
    }

    private static void assertSvg(HttpResponse<String> response, int paths) throws Exception {
        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertTrue(response.body(), svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength() >= paths);
    }

    private static JsonNode step(JsonNode run, String id) {
        for (JsonNode s : run.path("steps")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        assertNotNull("step " + id + " in " + run, null);
        return null;
    }
}
