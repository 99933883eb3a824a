package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelRequest;

/**
 * Switches the agents from the offline provider to the OpenAI-compatible one by configuration,
 * in the running distribution, against a loopback server speaking the real
 * {@code /v1/chat/completions} wire format (its answers are computed from the prompts it receives).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderSwitchIT extends ToolboxTestSupport {

    private static final String REQUEST = "{\"subject\": \"Mathematics\", \"grade_level\": 7, \"learning_objectives\": [\"Ratios\"],"
            + " \"duration_minutes\": 30, \"quiz\": {\"question_count\": 3}}";

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    public void theActiveProviderIsChosenByConfiguration() throws Exception {
        ChatModelProvider offline = bundleContext.getService(bundleContext.getServiceReferences(ChatModelProvider.class,
                "(provider.name=offline)").iterator().next());
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
        // some calls fail the way real services do (never more than a step's attempts in a row);
        // the pipeline must recover from each
        Map<Integer, String> faults = new java.util.concurrent.ConcurrentHashMap<>(Map.of(1, "429", 3, "not-json", 5, "500", 7, "slow"));
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        fake.createContext("/v1/chat/completions", exchange -> {
            int call = calls.incrementAndGet();
            JsonNode body = json.readTree(exchange.getRequestBody());
            formats.add(body.path("response_format"));
            String fault = faults.remove(call);
            if (fault != null && !fault.equals("not-json")) {
                if (fault.equals("slow")) {
                    try {
                        // stalls past the provider's 2 s time-out (bounded, released when the test ends)
                        testOver.await(4, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] error = ("{\"error\":{\"message\":\"injected " + fault + "\",\"type\":\"server_error\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(fault.equals("429") ? 429 : 500, error.length);
                exchange.getResponseBody().write(error);
                exchange.close();
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String answer;
            int status = 200;
            try {
                if (!"Bearer itest-key".equals(auth)) {
                    throw new IllegalStateException("no key");
                }
                answer = "not-json".equals(fault) ? "Sure! Here is your lesson plan: it is great."
                        : answer(offline, body.get("messages").get(0).get("content").asText(),
                                body.get("messages").get(1).get("content").asText());
            } catch (Exception e) {
                status = 400;
                answer = e.toString();
            }
            ChatCompletions.reply(exchange, status, answer);
        });
        fake.start();
        try {
            useOpenAi(fake, "itest-key");

            HttpResponse<String> made = post(REQUEST);
            assertEquals(made.body(), 200, made.statusCode());
            JsonNode lesson = json.readTree(made.body());
            assertEquals(made.body(), "openai", lesson.path("provenance").path("generator").asText());
            assertEquals(made.body(), "fake-gpt", lesson.path("provenance").path("model").asText());
            assertTrue(made.body(), lesson.path("quality").path("passed").asBoolean());
            assertTrue("every injected fault was met: " + faults, faults.isEmpty());
            assertTrue("the fake answered every agent and the retries: " + calls.get(), calls.get() >= 8);
            // every agent asked for its answer's JSON Schema, strictly (structured.output = auto, a server that accepts it)
            assertTrue(formats.toString(), formats.stream().allMatch(f -> f.path("type").asText().equals("json_schema")
                    && f.path("json_schema").path("strict").asBoolean(false)
                    && f.path("json_schema").path("schema").path("additionalProperties").isBoolean()));
            // the four agents', and the swarm's solvers' ("answer") for the questions the arithmetic solver cannot compute
            java.util.Set<String> schemas = formats.stream().map(f -> f.path("json_schema").path("name").asText())
                    .collect(java.util.stream.Collectors.toSet());
            assertTrue(schemas.toString(), schemas.containsAll(java.util.Set.of("lesson_plan", "environment", "quiz", "scripts")));
            assertTrue(schemas.toString(), java.util.Set.of("lesson_plan", "environment", "quiz", "scripts", "answer").containsAll(schemas));
            // every call carried the teacher's request, with its defaults, as structured facts
            assertFalse(seen.isEmpty());
            for (LessonRequest r : seen) {
                assertEquals(r.toString(), "Mathematics", r.subject());
                assertEquals(r.toString(), Integer.valueOf(7), r.gradeLevel());
                assertEquals(r.toString(), List.of("Ratios"), r.learningObjectives());
                assertEquals(r.toString(), Integer.valueOf(30), r.durationMinutes());
                assertEquals(r.toString(), Integer.valueOf(3), r.quiz().questionCount());
                assertEquals(r.toString(), EnvironmentType.INTERACTIVE_CLASSROOM, r.environmentType());
            }
        } finally {
            testOver.countDown();
            setProvider("offline");
            fake.stop(0);
        }
        Awaitility.await("back to offline").atMost(Duration.ofSeconds(30)).until(() ->
                executeCommand("toolbox:providers").matches("(?s).*offline\\s*\\|\\s*offline-1\\s*\\|\\s*yes.*"));
        HttpResponse<String> again = post(REQUEST.replace("Ratios", "Ratios and rates"));
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals(again.body(), "offline", json.readTree(again.body()).path("provenance").path("generator").asText());
    }

    @Test
    public void aRefusedKeyFailsTheStepAtOnceWithAPermanentFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] error = json.writeValueAsBytes(Map.of("error", Map.of("message", "Incorrect API key provided: wr***ey.",
                    "type", "invalid_request_error", "code", "invalid_api_key")));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
        });
        fake.start();
        try {
            useOpenAi(fake, "wrong-key");

            HttpResponse<String> made = post(REQUEST.replace("Ratios", "Proportions"));

            assertEquals(made.body(), 409, made.statusCode());
            JsonNode failure = json.readTree(made.body()).path("failure");
            assertEquals(made.body(), "AUTHENTICATION", failure.path("kind").asText());
            assertEquals(made.body(), 1, failure.path("attempts").asInt());
            assertTrue(made.body(), failure.path("message").asText().contains("HTTP 401"));
            // max.attempts 3 and two step retries would make nine calls: a permanent failure makes one
            assertEquals(1, calls.get());
        } finally {
            setProvider("offline");
            fake.stop(0);
        }
    }

    /** Points the openai provider at the fake (2 s time-out) and makes it the agents' provider. */
    private void useOpenAi(HttpServer fake, String key) throws IOException {
        ChatCompletions.useOpenAi(configAdmin, fake, key, 2);
        Awaitility.await("the agents use openai").atMost(Duration.ofSeconds(30)).until(() ->
                executeCommand("toolbox:providers").matches("(?s).*openai\\s*\\|\\s*fake-gpt\\s*\\|\\s*yes.*"));
    }

    private void setProvider(String name) throws IOException {
        ChatCompletions.setProvider(configAdmin, name);
    }

    private static final ObjectMapper FACTS = ChatCompletions.FACTS;

    /**
     * What a capable model would answer: the offline generator's answer for the structured facts
     * the agents show beside the prompt (the task, the teacher's request, earlier results), read
     * from the JSON, never from the prompt's wording.
     */
    private String answer(ChatModelProvider offline, String system, String user) throws Exception {
        String marker = "Facts (JSON): ";
        int at = user.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the prompt carries no facts");
        }
        JsonNode shown = FACTS.readTree(user.substring(at + marker.length()));
        String task = shown.path("task").asText();
        LessonFacts facts = FACTS.treeToValue(shown, LessonFacts.class);
        seen.add(facts.lesson());
        String text = offline.complete(new ModelRequest(task, system, user, facts, null)).text();
        return task.equals("script") ? "{\"items\": " + text + "}" : text;
    }

    /** The response formats the fake model was asked for. */
    private final List<JsonNode> formats = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The teacher's requests as the fake model received them. */
    private final List<LessonRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HttpResponse<String> post(String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/v1/content?wait=60")).header("Authorization", basic("tom", TOM_PASSWORD))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
