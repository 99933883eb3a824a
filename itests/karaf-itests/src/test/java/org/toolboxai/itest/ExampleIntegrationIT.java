package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The README's example integration, installed as an administrator would on a running server
 * while other requests keep coming: its template, step handlers, table, route, command and health
 * arrive with {@code feature:install}, go with {@code feature:uninstall} (its routes answer 404
 * problems, a run in flight waits visibly for its handlers) and come back with a second install
 * (the run resumes and completes). No request outside its own routes fails meanwhile.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleIntegrationIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String FEATURE = "toolbox-example-flashcards";

    @Test
    public void installedUsedUninstalledAndInstalledAgainWhileOtherRequestsSucceed() throws Exception {
        String admin = bearer(adminToken());
        String tom = basic("tom", TOM_PASSWORD);
        Awaitility.await("boot done").atMost(BOUND).ignoreExceptions()
                .until(() -> get("/api/v1/workflow-templates", admin).statusCode() == 200);
        RuntimeIT.assertProblem(get("/api/v1/flashcards", tom), 404);

        try (Load load = new Load(admin)) {
            executeCommand("feature:install " + FEATURE);
            Awaitility.await("its route and template arrive").atMost(BOUND)
                    .until(() -> get("/api/v1/flashcards", tom).statusCode() == 200 && templateListed(admin));

            // a deck, made by its template and handlers, saved in its own table
            String id = create(tom, "Cells", 0);
            JsonNode run = awaitState(id, tom, "COMPLETED");
            assertEquals(run.toString(), "/api/v1/flashcards/" + id, step(run, "save").path("output").path("deck").asText());
            JsonNode deck = json(get("/api/v1/flashcards/" + id, tom).body());
            assertEquals(deck.toString(), "Cells", deck.path("title").asText());
            assertEquals(deck.toString(), "nucleus", deck.path("cards").path(0).path("front").asText());
            assertEquals(deck.toString(), "the cell's boundary", deck.path("cards").path(1).path("back").asText());
            assertEquals(deck.toString(), "tom", deck.path("owner").asText());
            // another teacher does not see it, and does not learn that it exists
            HttpResponse<String> issued = post("/api/v1/tokens", admin, "{\"name\": \"ms-lee\", \"role\": \"teacher\"}");
            assertEquals(issued.body(), 201, issued.statusCode());
            String lee = bearer(json(issued.body()).path("secret").asText());
            RuntimeIT.assertProblem(get("/api/v1/flashcards/" + id, lee), 404);
            assertEquals(0, json(get("/api/v1/flashcards", lee).body()).path("decks").size());
            assertTrue(executeCommand("toolbox:flashcards " + id).contains("the cell's boundary"));
            Awaitility.await("its health and schema are reported").atMost(BOUND).until(() -> {
                String health = get("/api/v1/health", admin).body();
                return contributor(health, "flashcards").path("status").asText().equals("UP")
                        && contributor(health, "store").path("details").path("schemas").path("flashcards").asText().equals("1");
            });
            // a bad card line is a permanent failure: one attempt, and the teacher reads which line
            JsonNode bad = awaitState(create(tom, "Broken", 0, "no colon here"), tom, "FAILED");
            assertEquals(bad.toString(), "PERMANENT", bad.path("failure").path("kind").asText());
            assertEquals(bad.toString(), 1, step(bad, "make").path("attempt").asInt());

            // a run in flight when the feature goes
            String slow = create(tom, "Atoms", 4000);
            Awaitility.await("make is running").atMost(BOUND)
                    .until(() -> step(json(get("/api/v1/workflows/" + slow, tom).body()), "make").path("state").asText().equals("RUNNING"));
            executeCommand("feature:uninstall " + FEATURE);

            Awaitility.await("its route goes").atMost(BOUND).until(() -> get("/api/v1/flashcards/" + id, tom).statusCode() == 404);
            RuntimeIT.assertProblem(get("/api/v1/flashcards/" + id, tom), 404);
            Awaitility.await("its template goes").atMost(BOUND).until(() -> !templateListed(admin));
            RuntimeIT.assertProblem(post("/api/v1/workflows", tom, body("Again", 0, "a: b")), 400);
            Awaitility.await("the run in flight waits visibly for the handlers").atMost(BOUND).until(() -> {
                JsonNode waiting = json(get("/api/v1/workflows/" + slow, tom).body());
                return waiting.path("state").asText().equals("RUNNING") && waiting.path("waiting_for").toString().contains("flashcards.");
            });
            assertTrue(contributor(get("/api/v1/health", admin).body(), "flashcards").isMissingNode());

            executeCommand("feature:install " + FEATURE);
            awaitState(slow, tom, "COMPLETED");
            JsonNode atoms = json(get("/api/v1/flashcards/" + slow, tom).body());
            assertEquals(atoms.toString(), "Atoms", atoms.path("title").asText());
            assertEquals(atoms.toString(), 2, atoms.path("cards").size());
            // and the first deck is still there: its table was kept, not recreated
            assertEquals(200, get("/api/v1/flashcards/" + id, tom).statusCode());

            load.assertNoFailures();
        } finally {
            executeCommand("feature:uninstall " + FEATURE);
        }
    }

    private boolean templateListed(String admin) throws Exception {
        for (JsonNode t : json(get("/api/v1/workflow-templates", admin).body()).path("templates")) {
            if (t.path("name").asText().equals("flashcards")) {
                return true;
            }
        }
        return false;
    }

    private static String body(String title, int paceMillis, String... extraCards) {
        List<String> cards = new ArrayList<>(List.of("nucleus: holds the DNA", "membrane: the cell's boundary"));
        cards.addAll(List.of(extraCards));
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("template", "flashcards",
                    "parameters", Map.of("title", title, "cards", cards, "pace_millis", paceMillis)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String create(String caller, String title, int paceMillis, String... extraCards) throws Exception {
        HttpResponse<String> created = post("/api/v1/workflows", caller, body(title, paceMillis, extraCards));
        assertEquals(created.body(), 201, created.statusCode());
        return json(created.body()).path("id").asText();
    }

    private JsonNode awaitState(String id, String caller, String state) {
        Awaitility.await("run " + id + " " + state).atMost(BOUND).ignoreExceptions()
                .until(() -> json(get("/api/v1/workflows/" + id, caller).body()).path("state").asText().equals(state));
        try {
            return json(get("/api/v1/workflows/" + id, caller).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode step(JsonNode run, String id) {
        for (JsonNode s : run.path("steps")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
