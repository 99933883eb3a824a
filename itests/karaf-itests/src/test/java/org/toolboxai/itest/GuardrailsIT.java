package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelRequest;

/**
 * The resource and error coordinators in the running distribution: the agents' model calls to a
 * loopback stand-in for OpenAI recover from a 429 with a retry-after, 500s, a time-out and a
 * malformed response; the circuit opens, the offline provider answers while it is open (and the
 * package says so), and it closes again; a refused key fails at once and alerts a webhook whose
 * signature the test checks itself; a budget refuses a generation before any call with 429;
 * both coordinators are uninstalled and installed again while requests keep succeeding, their
 * state intact.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GuardrailsIT extends ToolboxTestSupport {

    private static final String ERROR_PID = "org.toolboxai.coordinator.error";
    private static final String RESOURCE_PID = "org.toolboxai.coordinator.resource";
    private static final String WEBHOOK_PID = "org.toolboxai.coordinator.error.webhook";
    private static final String SECRET = "itest-webhook-secret";
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ObjectMapper json = new ObjectMapper();

    /**
     * A loopback stand-in for OpenAI's chat completions: answers what the offline generator
     * makes of the facts beside the prompt (as ProviderSwitchIT's fake does), or fails as told:
     * one-off faults by call number, or every call while it is "down" or refuses the key.
     */
    private final class FakeOpenAi implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger calls = new AtomicInteger();
        final Map<Integer, String> faults = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicReference<String> mode = new AtomicReference<>("ok");
        final java.util.concurrent.CountDownLatch over = new java.util.concurrent.CountDownLatch(1);

        FakeOpenAi(ChatModelProvider offline) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/v1/chat/completions", exchange -> {
                int call = calls.incrementAndGet();
                JsonNode body = json.readTree(exchange.getRequestBody());
                String fault = faults.remove(call);
                if (fault == null && !mode.get().equals("ok")) {
                    fault = mode.get();
                }
                try {
                    if (fault != null) {
                        switch (fault) {
                            case "429" -> {
                                exchange.getResponseHeaders().add("Retry-After", "1");
                                reply(exchange, 429, error("Rate limit reached for gpt-4o-mini. Please try again in 1s.", "rate_limit_exceeded"));
                            }
                            case "500" -> reply(exchange, 500, error("The server had an error while processing your request.", "server_error"));
                            case "401" -> reply(exchange, 401, error("Incorrect API key provided: wr***ey.", "invalid_api_key"));
                            case "slow" -> {
                                over.await(4, java.util.concurrent.TimeUnit.SECONDS); // past the provider's 2 s time-out
                                reply(exchange, 500, error("too late", "server_error"));
                            }
                            case "truncated" -> reply(exchange, 200, "{\"id\": \"chatcmpl-1\", \"object\": \"chat.comp".getBytes(StandardCharsets.UTF_8));
                            default -> throw new IllegalStateException(fault);
                        }
                        return;
                    }
                    String system = body.get("messages").get(0).get("content").asText();
                    String user = body.get("messages").get(1).get("content").asText();
                    String answer = answer(offline, system, user);
                    reply(exchange, 200, json.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1,
                            "model", "fake-gpt", "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant",
                                    "content", answer), "finish_reason", "stop")),
                            "usage", Map.of("prompt_tokens", 11, "completion_tokens", 22, "total_tokens", 33))));
                } catch (Exception e) {
                    reply(exchange, 400, error(e.toString().replace('"', '\''), "invalid_request_error"));
                }
            });
            server.start();
        }

        byte[] error(String message, String code) throws IOException {
            return json.writeValueAsBytes(Map.of("error", Map.of("message", message, "type", "error", "code", code)));
        }

        void reply(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] bytes) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            over.countDown();
            server.stop(0);
        }
    }

    /** What the offline generator answers for the facts the agents show beside the prompt. */
    private static String answer(ChatModelProvider offline, String system, String user) throws Exception {
        String marker = "Facts (JSON): ";
        int at = user.indexOf(marker);
        JsonNode shown = FACTS.readTree(user.substring(at + marker.length()));
        String task = shown.path("task").asText();
        String text = offline.complete(new ModelRequest(task, system, user, FACTS.treeToValue(shown,
                org.toolboxai.api.model.LessonFacts.class), null)).text();
        return task.equals("script") ? "{\"items\": " + text + "}" : text;
    }

    private static final ObjectMapper FACTS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A loopback receiver of webhook alerts: the raw body and the two signature headers of each. */
    private static final class WebhookReceiver implements AutoCloseable {
        record Received(String body, String timestamp, String signature) {
        }

        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/alerts", exchange -> {
                received.add(new Received(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Toolbox-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Toolbox-Signature")));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The signature a receiver expects: HMAC-SHA256 of "timestamp.body", computed here, not by the product. */
    private static boolean signedWith(String secret, WebhookReceiver.Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal((r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        return r.signature() != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                r.signature().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void faultsAreRecoveredTheCircuitOpensTheFallbackServesAndARefusedKeyFailsAtOnceWithAnAlert() throws Exception {
        ChatModelProvider offline = bundleContext.getService(bundleContext.getServiceReferences(ChatModelProvider.class,
                "(provider.name=offline)").iterator().next());
        Map<String, Object> errorDefaults = properties(ERROR_PID);
        try (FakeOpenAi fake = new FakeOpenAi(offline); WebhookReceiver hook = new WebhookReceiver()) {
            configure(WEBHOOK_PID, Map.of("url", hook.url(), ".secret", SECRET, "minimum.level", "error"));
            // quick back-offs; a circuit that stays closed while single faults are recovered
            configure(ERROR_PID, Map.of("max.attempts", 6, "max.wait.seconds", 30, "backoff.initial.millis", 50,
                    "backoff.max.millis", 200, "circuit.window", 20, "circuit.minimum.calls", 20, "fallback.models", "offline"));
            useOpenAi(fake);

            // 1. a 429 with a retry-after, two 500s, a time-out and a truncated response, each recovered
            fake.faults.putAll(Map.of(1, "429", 2, "500", 4, "slow", 6, "truncated", 8, "500"));
            HttpResponse<String> made = generate("Ratios and rates");
            assertEquals(made.body(), 200, made.statusCode());
            JsonNode lesson = json.readTree(made.body());
            assertTrue("every fault was met: " + fake.faults, fake.faults.isEmpty());
            List<String> recoveries = recoveries(lesson);
            assertTrue(recoveries.toString(), recoveries.stream().anyMatch(r -> r.contains("HTTP 429") && r.contains("waited 1.0 s for the rate limit")));
            assertTrue(recoveries.toString(), recoveries.stream().anyMatch(r -> r.contains("HTTP 500") && r.contains("retried after")));
            assertTrue(recoveries.toString(), recoveries.stream().anyMatch(r -> r.contains("did not answer within")));
            for (JsonNode step : lesson.path("provenance").path("steps")) {
                assertEquals(step.toString(), "openai", step.path("provider").asText());
            }
            JsonNode errors = json(get("/api/v1/errors?status=all", bearer(adminToken())));
            List<String> classes = new ArrayList<>();
            errors.path("groups").forEach(g -> classes.add(g.path("error_class").asText()));
            assertTrue(classes.toString(), classes.containsAll(List.of("rate_limited", "network", "timeout")));

            // 2. openai down: the circuit opens after four failures and the offline provider answers meanwhile
            configure(ERROR_PID, Map.of("max.attempts", 4, "max.wait.seconds", 30, "backoff.initial.millis", 50,
                    "backoff.max.millis", 200, "circuit.window", 4, "circuit.minimum.calls", 4, "circuit.open.seconds", 8,
                    "circuit.half.open.calls", 1, "fallback.models", "offline"));
            Awaitility.await("the new circuit settings").atMost(BOUND).until(() -> json(get("/api/v1/errors", bearer(adminToken())))
                    .path("circuits").size() == 0);
            fake.mode.set("500");
            int before = fake.calls.get();
            HttpResponse<String> fallback = generate("Unit rates");
            assertEquals(fallback.body(), 200, fallback.statusCode());
            JsonNode served = json.readTree(fallback.body());
            for (JsonNode step : served.path("provenance").path("steps")) {
                assertEquals(step.toString(), "offline", step.path("provider").asText());
            }
            List<String> said = recoveries(served);
            assertTrue(said.toString(), said.stream().anyMatch(r -> r.contains("offline answered instead: openai kept failing")));
            assertTrue(said.toString(), said.stream().anyMatch(r -> r.contains("offline answered instead: openai's circuit is open")));
            assertTrue("the circuit opened after a few failed calls: " + (fake.calls.get() - before),
                    fake.calls.get() - before >= 4 && fake.calls.get() - before <= 6);
            // while it is open, openai is not called at all
            int whileOpen = fake.calls.get();
            HttpResponse<String> second = generate("Unit rates and prices");
            assertEquals(second.body(), 200, second.statusCode());
            assertEquals("no call reached openai while its circuit was open", whileOpen, fake.calls.get());
            JsonNode health = contributor(get("/api/v1/health", bearer(adminToken())).body(), "errors");
            assertEquals(health.toString(), "DEGRADED", health.path("status").asText());
            assertTrue(health.toString(), health.path("message").asText().contains("openai (open)"));
            Awaitility.await("the circuit alert reaches the webhook").atMost(BOUND).until(() -> hook.received.stream()
                    .anyMatch(r -> json(r.body()).path("title").asText().equals("The circuit of openai opened")));

            // 3. openai is back: after the open time a trial call goes through and closes the circuit
            fake.mode.set("ok");
            Awaitility.await("the circuit closes").atMost(BOUND).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> again = generate("Unit rates " + System.nanoTime());
                return again.statusCode() == 200 && json.readTree(again.body()).path("provenance").path("steps").get(0)
                        .path("provider").asText().equals("openai");
            });
            JsonNode circuits = json(get("/api/v1/errors", bearer(adminToken()))).path("circuits");
            circuits.forEach(c -> assertEquals(c.toString(), "closed", c.path("state").asText()));

            // 4. a refused key: one call, a clear failure at once, an ERROR alert signed for the webhook
            fake.mode.set("401");
            int beforeKey = fake.calls.get();
            HttpResponse<String> refused = generate("Percent");
            assertEquals(refused.body(), 409, refused.statusCode());
            assertEquals(refused.body(), "AUTHENTICATION", json.readTree(refused.body()).path("failure").path("kind").asText());
            assertEquals(1, fake.calls.get() - beforeKey);
            Awaitility.await("the authentication alert").atMost(BOUND).until(() -> hook.received.stream()
                    .anyMatch(r -> json(r.body()).path("title").asText().equals("New authentication error in agents")));
            for (WebhookReceiver.Received r : hook.received) {
                assertTrue("signed with the configured secret: " + r, signedWith(SECRET, r));
                assertFalse("a receiver with another secret sees a bad signature", signedWith("another-secret", r));
                assertTrue(r.timestamp(), Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(r.timestamp())) < 300);
            }
            JsonNode alerts = json(get("/api/v1/alerts", bearer(adminToken())));
            JsonNode circuitAlert = find(alerts.path("alerts"), a -> a.path("alert").path("title").asText().equals("The circuit of openai opened"));
            assertEquals(circuitAlert.toString(), "SENT", circuitAlert.path("deliveries").path("webhook").path("outcome").asText());
            assertEquals(circuitAlert.toString(), "SENT", circuitAlert.path("deliveries").path("log").path("outcome").asText());
        } finally {
            setProvider("offline");
            delete(WEBHOOK_PID);
            configure(ERROR_PID, errorDefaults);
        }
    }

    @Test
    public void aBudgetRefusesAGenerationBeforeAnyCallAnd429SaysWhenToTryAgain() throws Exception {
        Map<String, Object> resourceDefaults = properties(RESOURCE_PID);
        String tom = basic("tom", TOM_PASSWORD);
        try {
            Map<String, Object> priced = new java.util.HashMap<>(resourceDefaults);
            // a dollar per thousand tokens: one reservation (the prompt and 4096 answer tokens) is over $4
            priced.put("price.offline.*.input", "1000");
            priced.put("price.offline.*.output", "1000");
            configure(RESOURCE_PID, priced);
            HttpResponse<String> set = put("/api/v1/budgets/user:tom", "{\"daily_usd\": 1}");
            assertEquals(set.body(), 200, set.statusCode());

            HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/v1/content?wait=60")).header("Authorization", tom)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request("Budgets"))));
            assertEquals(refused.body(), 429, refused.statusCode());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue("until 00:00 UTC: " + retryAfter, retryAfter > 0 && retryAfter <= 86_400);
            JsonNode failure = json.readTree(refused.body()).path("failure");
            assertEquals(refused.body(), "OVER_BUDGET", failure.path("kind").asText());
            assertTrue(refused.body(), failure.path("message").asText().contains("user:tom daily budget of $1.00"));
            JsonNode costs = json(get("/api/v1/costs", tom));
            assertEquals(costs.toString(), 0, costs.path("total_usd").decimalValue().signum());

            assertEquals(200, put("/api/v1/budgets/user:tom", "{\"daily_usd\": null}").statusCode());
            HttpResponse<String> made = send(HttpRequest.newBuilder(uri("/api/v1/content?wait=60")).header("Authorization", tom)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request("Budgets and prices"))));
            assertEquals(made.body(), 200, made.statusCode());
            long tokens = 0;
            for (JsonNode step : json.readTree(made.body()).path("provenance").path("steps")) {
                tokens += step.path("tokens_in").asLong() + step.path("tokens_out").asLong();
            }
            JsonNode after = json(get("/api/v1/costs?group=model", tom));
            // every token at $0.001: the ledger's cost is the package's tokens at the configured price
            assertEquals(after.toString(), 0, after.path("total_usd").decimalValue()
                    .compareTo(java.math.BigDecimal.valueOf(tokens).movePointLeft(3)));
            JsonNode resources = json(get("/api/v1/resources", bearer(adminToken())));
            JsonNode service = find(resources.path("services"), s -> s.path("service").asText().equals("offline"));
            long refusedByBudget = 0;
            for (JsonNode minute : service.path("last_hour")) {
                refusedByBudget += minute.path("refused_by_budget").asLong();
            }
            assertTrue(service.toString(), refusedByBudget >= 1);
        } finally {
            put("/api/v1/budgets/user:tom", "{\"daily_usd\": null}");
            configure(RESOURCE_PID, resourceDefaults);
        }
    }

    @Test
    public void bothCoordinatorsGoAndComeBackWithTheirStateWhileRequestsKeepSucceeding() throws Exception {
        assertEquals(200, put("/api/v1/budgets/user:vera", "{\"daily_usd\": 3.5}").statusCode());
        ServiceReference<ErrorCoordinator> ref = bundleContext.getServiceReference(ErrorCoordinator.class);
        String fingerprint = bundleContext.getService(ref).report(new FailureException(Failure.of(FailureKind.TRANSIENT,
                "hot-swap check: canvas answered HTTP 503")), new CallContext("itest", "push", "canvas", "vera", null, null, null))
                .fingerprint();
        bundleContext.ungetService(ref);

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            int n = 0;
            while (running.get()) {
                try {
                    HttpResponse<String> r = n++ % 10 == 0 ? generate("Hot swap " + n) : get("/api/v1/me", bearer(adminToken()));
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    served.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "itest-traffic");
        traffic.start();
        try {
            executeCommand("feature:uninstall toolbox-resource");
            awaitGuardrails("no resource coordinator");
            Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/resources", bearer(adminToken())).statusCode() == 404);
            assertEquals(200, generate("Without the resource coordinator").statusCode());
            executeCommand("feature:install toolbox-resource");
            awaitGuardrails(null);
            Awaitility.await().atMost(BOUND).ignoreExceptions().until(() -> json(get("/api/v1/resources", bearer(adminToken())))
                    .path("budgets").toString().contains("user:vera"));
            JsonNode vera = find(json(get("/api/v1/resources", bearer(adminToken()))).path("budgets"),
                    b -> b.path("scope").asText().equals("user:vera"));
            assertEquals(vera.toString(), 0, vera.path("daily_usd").decimalValue().compareTo(new java.math.BigDecimal("3.5")));

            executeCommand("feature:uninstall toolbox-error");
            awaitGuardrails("no error coordinator");
            Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/errors", bearer(adminToken())).statusCode() == 404);
            assertEquals(200, generate("Without the error coordinator").statusCode());
            executeCommand("feature:install toolbox-error");
            awaitGuardrails(null);
            Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/errors/" + fingerprint, bearer(adminToken())).statusCode() == 200);
            JsonNode group = json(get("/api/v1/errors/" + fingerprint, bearer(adminToken())));
            assertEquals(group.toString(), 1, group.path("group").path("occurrences").asInt());
            assertEquals(group.toString(), "vera", group.path("samples").get(0).path("user").asText());
        } finally {
            running.set(false);
            traffic.join(120_000);
            put("/api/v1/budgets/user:vera", "{\"daily_usd\": null}");
        }
        assertTrue("requests kept succeeding: " + failures, failures.isEmpty());
        assertTrue("traffic ran: " + served.get(), served.get() > 10);
    }

    @Test
    public void theShellShowsWhatTheRestShowsAndAResolvedGroupLeavesTheOpenList() throws Exception {
        ServiceReference<ErrorCoordinator> ref = bundleContext.getServiceReference(ErrorCoordinator.class);
        String fingerprint = bundleContext.getService(ref).report(new FailureException(Failure.of(FailureKind.PERMANENT,
                "shell check: schoology answered HTTP 400")), new CallContext("itest-shell", "push", "schoology", "zoe", null, null, null))
                .fingerprint();
        bundleContext.ungetService(ref);
        try {
            assertTrue(executeCommand("toolbox:errors"), executeCommand("toolbox:errors").contains(fingerprint));

            HttpResponse<String> resolved = send(HttpRequest.newBuilder(uri("/api/v1/errors/" + fingerprint + "/resolve"))
                    .header("Authorization", bearer(adminToken())).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(resolved.body(), 200, resolved.statusCode());
            JsonNode group = json.readTree(resolved.body());
            assertEquals(group.toString(), "resolved", group.path("status").asText());
            assertFalse(group.toString(), group.path("resolved_by").asText().isBlank());
            assertFalse("resolved groups leave the open list", executeCommand("toolbox:errors").contains(fingerprint));
            String all = executeCommand("toolbox:errors --all");
            assertTrue(all, all.lines().anyMatch(l -> l.contains(fingerprint) && l.contains("resolved")));
            HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/api/v1/errors/" + "0".repeat(32) + "/resolve"))
                    .header("Authorization", bearer(adminToken())).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(unknown.body(), 404, unknown.statusCode());
            assertEquals(unknown.body(), 404, json.readTree(unknown.body()).path("status").asInt());

            String set = executeCommand("toolbox:budget-set user:zoe 2.5");
            assertTrue(set, set.contains("user:zoe") && set.contains("$2.50"));
            JsonNode zoe = find(json(get("/api/v1/resources", bearer(adminToken()))).path("budgets"),
                    b -> b.path("scope").asText().equals("user:zoe"));
            assertEquals(zoe.toString(), 0, zoe.path("daily_usd").decimalValue().compareTo(new java.math.BigDecimal("2.5")));
            String resources = executeCommand("toolbox:resources");
            assertTrue(resources, resources.lines().anyMatch(l -> l.startsWith("Budget user:zoe: $2.50 a day")));
            try {
                executeCommand("toolbox:budget-set user:zoe 2000000");
                fail("a budget over a million dollars a day is refused");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("from 0 to 1000000 dollars"));
            }
            executeCommand("toolbox:budget-set user:zoe none");
            assertFalse(json(get("/api/v1/resources", bearer(adminToken()))).path("budgets").toString().contains("user:zoe"));

            String costs = executeCommand("toolbox:costs --group model");
            assertTrue(costs, costs.lines().anyMatch(l -> l.startsWith("Total: $")));
            String alerts = executeCommand("toolbox:alerts");
            assertTrue(alerts, alerts.contains("Channels: ") && alerts.contains("log"));
        } finally {
            executeCommand("toolbox:budget-set user:zoe none");
        }
    }

    private void awaitGuardrails(String missing) {
        Awaitility.await("guardrails " + (missing == null ? "UP" : "say: " + missing)).atMost(BOUND).ignoreExceptions().until(() -> {
            JsonNode guardrails = contributor(get("/api/v1/health", bearer(adminToken())).body(), "guardrails");
            return missing == null ? guardrails.path("status").asText().equals("UP")
                    : guardrails.path("status").asText().equals("DEGRADED") && guardrails.path("message").asText().contains(missing);
        });
    }

    private static List<String> recoveries(JsonNode lesson) {
        List<String> all = new ArrayList<>();
        lesson.path("provenance").path("steps").forEach(s -> s.path("recoveries").forEach(r -> all.add(r.asText())));
        return all;
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> which) {
        for (JsonNode node : array) {
            if (which.test(node)) {
                return node;
            }
        }
        throw new AssertionError("none matches in " + array);
    }

    private static String request(String objective) {
        return "{\"subject\": \"Mathematics\", \"grade_level\": 7, \"learning_objectives\": [\"" + objective + "\"],"
                + " \"duration_minutes\": 30, \"quiz\": {\"question_count\": 3}}";
    }

    private HttpResponse<String> generate(String objective) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/v1/content?wait=90")).header("Authorization", bearer(adminToken()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request(objective))));
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(adminToken()))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Map<String, Object> properties(String pid) throws IOException {
        Dictionary<String, Object> props = configAdmin.getConfiguration(pid, "?").getProperties();
        Map<String, Object> copy = new java.util.HashMap<>();
        if (props != null) {
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, props.get(key));
            }
        }
        copy.remove("service.pid");
        return copy;
    }

    private void configure(String pid, Map<String, Object> values) throws IOException {
        Configuration config = configAdmin.getConfiguration(pid, "?");
        config.update(new Hashtable<>(values));
    }

    private void delete(String pid) throws IOException {
        configAdmin.getConfiguration(pid, "?").delete();
    }

    private void useOpenAi(FakeOpenAi fake) throws IOException {
        configure("org.toolboxai.provider.openai", Map.of("base.url", "http://127.0.0.1:" + fake.port() + "/v1", ".api.key", "itest-key",
                "model", "fake-gpt", "timeout.seconds", 2));
        setProvider("openai");
        Awaitility.await("the agents use openai").atMost(BOUND).until(() ->
                executeCommand("toolbox:providers").matches("(?s).*openai\\s*\\|\\s*fake-gpt\\s*\\|\\s*yes.*"));
    }

    private void setProvider(String name) throws IOException {
        configure("org.toolboxai.agents", Map.of("provider", name, "max.attempts", 3));
    }
}
