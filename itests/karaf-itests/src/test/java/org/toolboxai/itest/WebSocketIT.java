package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The WebSocket at /ws in the distribution: a content run followed from its start, the socket
 * dropped and a new one receiving exactly the events it missed; a teacher's change reaching every
 * connected student; and bad input (malformed and oversized messages, unknown topics, a flood of
 * subscriptions, a revoked token) answered with error messages or close codes while the node
 * stays healthy.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING) // the hot swap of toolbox-sync runs last
public class WebSocketIT extends ToolboxTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        // credentials are checked again every second, so a revoked token ends its socket quickly
        options.add(editConfigurationFilePut("etc/org.toolboxai.web.live.cfg", "recheck.seconds", "1"));
        return options.toArray(Option[]::new);
    }

    private URI ws(String query) throws Exception {
        return URI.create(base().replace("http://", "ws://") + "/ws" + (query == null ? "" : "?" + query));
    }

    private static ObjectNode subscribe(Long since, String... topics) {
        ObjectNode m = JSON.createObjectNode().put("type", "subscribe");
        m.putArray("topics").addAll(Arrays.stream(topics).map(JSON.getNodeFactory()::textNode).toList());
        if (since != null) {
            m.put("since", since);
        }
        return m;
    }

    private static boolean completed(JsonNode event) {
        JsonNode payload = event.path("payload");
        return payload.path("kind").asText().equals("run") && payload.path("state").asText().equals("COMPLETED");
    }

    @Test
    public void aRunIsFollowedOverTheSocketAndAfterADropANewSocketGetsExactlyWhatItMissed() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        HttpResponse<String> accepted = post("/api/v1/content", teacher, ContentIT.EXAMPLE.replace("Fractions", "Decimals"));
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String runId = json(accepted).path("id").asText();
        String topic = json(accepted).path("events").path("topic").asText();
        assertEquals("the POST names the topic to follow", "workflow/run/" + runId, topic);
        assertEquals("/ws", json(accepted).path("events").path("websocket").asText());

        // first socket: the Authorization header (what a non-browser client sends)
        List<JsonNode> first = new ArrayList<>();
        try (WsClient socket = WsClient.connect(ws(null), teacher)) {
            JsonNode welcome = socket.next(BOUND);
            assertEquals(welcome.toString(), "welcome", welcome.path("type").asText());
            assertEquals("tom", welcome.path("user").asText());
            socket.send(subscribe(0L, topic).put("id", "s1"));
            JsonNode subscribed = socket.next("subscribed", BOUND);
            assertEquals("s1", subscribed.path("id").asText());
            // two events, then the connection drops
            while (first.size() < 2) {
                JsonNode m = socket.next(BOUND);
                if (m.path("type").asText().equals("event")) {
                    first.add(m);
                }
            }
            socket.drop();
        }
        long lastSeen = first.get(first.size() - 1).path("seq").asLong();

        // the run goes on without a listener, to its end
        org.awaitility.Awaitility.await("the run completes").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/v1/content/" + runId, teacher).statusCode() == 200);

        // second socket: the token in the URL (what a browser does); it asks for what it missed
        List<JsonNode> second = new ArrayList<>();
        try (WsClient socket = WsClient.connect(ws("access_token=" + URLEncoder.encode(adminToken(), StandardCharsets.UTF_8)), null)) {
            assertEquals("welcome", socket.next(BOUND).path("type").asText());
            socket.send(subscribe(lastSeen, topic));
            socket.next("subscribed", BOUND);
            while (second.isEmpty() || !completed(second.get(second.size() - 1))) {
                JsonNode m = socket.next(BOUND);
                if (m.path("type").asText().equals("event")) {
                    second.add(m);
                }
            }
            // and nothing more arrives for the finished run
            socket.send("{\"type\":\"ping\"}");
            JsonNode pong = socket.next(BOUND);
            assertEquals("nothing after COMPLETED but the pong: " + pong, "pong", pong.path("type").asText());
        }

        // the independent record: the log through the long poll, from the start
        List<Long> logged = new ArrayList<>();
        for (JsonNode e : json(get("/api/v1/events?limit=1000&topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8), teacher))
                .path("events")) {
            logged.add(e.path("seq").asLong());
        }
        List<Long> firstSeqs = first.stream().map(e -> e.path("seq").asLong()).toList();
        List<Long> secondSeqs = second.stream().map(e -> e.path("seq").asLong()).toList();
        assertEquals("the first socket got the log's first events", logged.subList(0, firstSeqs.size()), firstSeqs);
        assertEquals("the second socket got exactly what came after, in order",
                logged.stream().filter(s -> s > lastSeen).toList(), secondSeqs);
        List<Long> both = new ArrayList<>(firstSeqs);
        both.addAll(secondSeqs);
        assertEquals("no event twice: " + both, both.size(), new LinkedHashSet<>(both).size());
        assertEquals(logged, both);
        assertTrue(second.stream().allMatch(e -> e.path("topic").asText().equals(topic)));
        // the administrator's view: the end of the log, and the node's sync status
        String tail = executeCommand("toolbox:events --limit 3 " + topic);
        assertTrue(tail, tail.contains(topic) && tail.contains("COMPLETED") && tail.contains(Long.toString(logged.get(logged.size() - 1))));
        String status = executeCommand("toolbox:sync-status");
        assertTrue(status, status.contains("websocket clients") && status.contains("log head"));
        System.out.println("WebSocketIT: run " + runId + ": " + firstSeqs.size() + " events before the drop, " + secondSeqs.size()
                + " after the reconnect, " + logged.size() + " in the log");
    }

    @Test
    public void aTeachersChangeReachesEveryConnectedStudent() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        String doc = "/api/v1/state/class-9b.session";
        HttpResponse<String> created = send(java.net.http.HttpRequest.newBuilder(uri(doc)).header("Authorization", teacher)
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"step\": 1}")));
        assertEquals(created.body(), 201, created.statusCode());
        String student = basic("sam", SAM_PASSWORD);
        try (WsClient one = WsClient.connect(ws(null), student); WsClient two = WsClient.connect(ws(null), student)) {
            for (WsClient s : List.of(one, two)) {
                s.next("welcome", BOUND);
                s.send(subscribe(null, "state/class-9b.session"));
                s.next("subscribed", BOUND);
            }
            HttpResponse<String> changed = send(java.net.http.HttpRequest.newBuilder(uri(doc)).header("Authorization", teacher)
                    .header("Content-Type", "application/json").header("If-Match", "\"1\"")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"step\": 2}")));
            assertEquals(changed.body(), 200, changed.statusCode());
            for (WsClient s : List.of(one, two)) {
                JsonNode event = s.next("event", BOUND);
                assertEquals("state/class-9b.session", event.path("topic").asText());
                assertEquals(event.toString(), 2, event.path("payload").path("version").asInt());
            }
            // a student cannot follow a run that is not theirs
            one.send(subscribe(null, "workflow/run/" + "someone-elses-run"));
            JsonNode refused = one.next("error", BOUND);
            assertEquals(refused.toString(), 404, refused.path("status").asInt());
        }
    }

    @Test
    public void aComponentThatStopsItsHeartbeatIsMarkedDownInHealthAndAnEventSaysSo() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        try (WsClient admin = WsClient.connect(ws(null), bearer(adminToken()))) {
            admin.next("welcome", BOUND);
            admin.send(subscribe(null, "component/*"));
            admin.next("subscribed", BOUND);

            HttpResponse<String> registered = post("/api/v1/components/registry", teacher,
                    "{\"kind\": \"plugin\", \"name\": \"Studio plugin (lab 2)\", \"version\": \"0.3\", \"ttl_seconds\": 10,"
                            + " \"details\": {\"place_id\": 42}}");
            assertEquals(registered.body(), 201, registered.statusCode());
            String id = json(registered).path("id").asText();
            JsonNode first = admin.next("event", BOUND);
            assertEquals(first.toString(), "registered", first.path("payload").path("change").asText());
            assertEquals("component/" + id, first.path("topic").asText());

            // the node registered itself too
            JsonNode list = json(get("/api/v1/components/registry", teacher));
            assertTrue(list.toString(), java.util.stream.StreamSupport.stream(list.path("components").spliterator(), false)
                    .anyMatch(c -> c.path("kind").asText().equals("node") && c.path("state").asText().equals("up")));
            // bad registrations: every problem listed
            HttpResponse<String> bad = post("/api/v1/components/registry", teacher, "{\"kind\": \"toaster\", \"ttl_seconds\": 1}");
            RuntimeIT.assertProblem(bad, 400);
            assertEquals(bad.body(), 3, json(bad).path("errors").size());
            // someone else's component is not theirs to beat for
            RuntimeIT.assertProblem(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/components/registry/" + id + "/heartbeat"))
                    .header("Authorization", basic("sam", SAM_PASSWORD)).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())), 403);

            // no heartbeat: down within its time-to-live and a sweep
            JsonNode down = admin.next("event", Duration.ofSeconds(40));
            assertEquals(down.toString(), "down", down.path("payload").path("change").asText());
            JsonNode health = json(get("/api/v1/health", null));
            JsonNode components = contributor(health.toString(), "components");
            assertEquals(components.toString(), "DEGRADED", components.path("status").asText());
            JsonNode listed = json(get("/api/v1/components/registry", teacher));
            assertTrue(listed.toString(), java.util.stream.StreamSupport.stream(listed.path("components").spliterator(), false)
                    .anyMatch(c -> c.path("id").asText().equals(id) && c.path("state").asText().equals("down")));

            // a heartbeat brings it back
            HttpResponse<String> beat = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/components/registry/" + id + "/heartbeat"))
                    .header("Authorization", teacher).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(beat.body(), 200, beat.statusCode());
            assertEquals("up", json(beat).path("state").asText());
            assertEquals("up", admin.next("event", BOUND).path("payload").path("change").asText());
            HttpResponse<String> left = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/components/registry/" + id))
                    .header("Authorization", teacher).DELETE());
            assertEquals(left.body(), 204, left.statusCode());
            assertEquals("removed", admin.next("event", BOUND).path("payload").path("change").asText());
            // the health report is reused for up to a second (cache.millis)
            org.awaitility.Awaitility.await("components UP again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> contributor(get("/api/v1/health", null).body(), "components").path("status").asText().equals("UP"));
        }
    }

    @Test
    public void badInputGetsErrorMessagesOrCloseCodesAndTheNodeStaysHealthy() throws Exception {
        String admin = bearer(adminToken());

        // no credentials, wrong credentials: no socket (401)
        for (String authorization : new String[] {null, basic("tom", "not-the-password")}) {
            try {
                WsClient.connect(ws(null), authorization).close();
                fail("a socket without valid credentials was opened");
            } catch (ExecutionException e) {
                assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof WebSocketHandshakeException);
                assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
            }
        }
        // plain HTTP on /ws: a problem that says what /ws is
        RuntimeIT.assertProblem(get("/ws", admin), 426);

        try (WsClient socket = WsClient.connect(ws(null), admin)) {
            socket.next("welcome", BOUND);
            socket.send("{not json");
            JsonNode notJson = socket.next("error", BOUND);
            assertEquals(400, notJson.path("status").asInt());
            socket.send("[1, 2]");
            assertEquals(400, socket.next("error", BOUND).path("status").asInt());
            socket.send("{\"type\": \"dance\", \"id\": 7}");
            JsonNode unknownType = socket.next("error", BOUND);
            assertEquals(7, unknownType.path("id").asInt());
            assertTrue(unknownType.toString(), unknownType.path("detail").asText().contains("subscribe"));
            socket.send("{\"type\": \"subscribe\", \"topics\": [\"weather/today\", \"workflow/run/r1\"]}");
            JsonNode unknownTopic = socket.next("error", BOUND);
            assertTrue(unknownTopic.toString(), unknownTopic.path("detail").asText().contains("weather/today"));
            socket.send("{\"type\": \"subscribe\", \"topics\": [], \"since\": -1}");
            JsonNode twoProblems = socket.next("error", BOUND);
            assertEquals(twoProblems.toString(), 2, twoProblems.path("errors").size());

            // at most 100 topics: two messages of 50 are taken, the next is refused with 429
            for (int batch = 0; batch < 3; batch++) {
                String[] topics = new String[50];
                for (int i = 0; i < 50; i++) {
                    topics[i] = "workflow/run/flood-" + batch + "-" + i;
                }
                socket.send(subscribe(null, topics));
                JsonNode answer = socket.next(BOUND);
                if (batch < 2) {
                    assertEquals(answer.toString(), "subscribed", answer.path("type").asText());
                    assertEquals(50 * (batch + 1), answer.path("topics").size());
                } else {
                    assertEquals(answer.toString(), 429, answer.path("status").asInt());
                }
            }
            socket.send("{\"type\": \"ping\", \"id\": \"alive\"}");
            assertEquals("alive", socket.next("pong", BOUND).path("id").asText());
        }

        // 10,000 subscribe requests on one socket: error answers, then a policy-violation close
        try (WsClient socket = WsClient.connect(ws(null), basic("sam", SAM_PASSWORD))) {
            socket.next("welcome", BOUND);
            for (int i = 0; i < 10_000 && !socket.closeCode.isDone(); i++) {
                try {
                    socket.send(subscribe(null, "state/missing-" + i));
                } catch (ExecutionException e) {
                    break; // the server closed the socket
                }
            }
            int code = socket.closeCode.get(60, TimeUnit.SECONDS);
            assertEquals("closed as a policy violation after too many bad messages", 1008, code);
            long errors = socket.received.stream().filter(m -> m.path("type").asText().equals("error")).count();
            assertEquals(1000, errors);
            assertTrue(socket.received.stream().filter(m -> m.path("type").asText().equals("error"))
                    .allMatch(m -> m.path("status").asInt() == 404));
        }

        // a message over the size limit (64 KiB): closed with 1009
        try (WsClient socket = WsClient.connect(ws(null), admin)) {
            socket.next("welcome", BOUND);
            try {
                socket.send("{\"type\": \"ping\", \"pad\": \"" + "x".repeat(70_000) + "\"}");
            } catch (ExecutionException e) {
                // the server may close before the whole message is sent
            }
            assertEquals(1009, (int) socket.closeCode.get(30, TimeUnit.SECONDS));
        }

        // a token revoked while its socket is open: closed with 1008 within the check interval
        HttpResponse<String> issued = post("/api/v1/tokens", admin, "{\"name\": \"ws-revoked\", \"role\": \"viewer\"}");
        assertEquals(issued.body(), 201, issued.statusCode());
        String secret = json(issued).path("secret").asText();
        String id = json(issued).path("id").asText();
        try (WsClient socket = WsClient.connect(ws("access_token=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)), null)) {
            assertEquals("welcome", socket.next(BOUND).path("type").asText());
            HttpResponse<String> revoked = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/tokens/" + id))
                    .header("Authorization", admin).DELETE());
            assertEquals(revoked.body(), 204, revoked.statusCode());
            assertEquals(1008, (int) socket.closeCode.get(30, TimeUnit.SECONDS));
            assertFalse("the reason never echoes the token", socket.closeReason.get().contains(secret));
        }

        HttpResponse<String> health = get("/api/v1/health", null);
        assertEquals(health.body(), 200, health.statusCode());
        assertNotEquals("DOWN", json(health).path("status").asText());
    }

    @Test
    public void zTheSyncFeatureGoesAndComesBackWhileOtherRequestsKeepSucceeding() throws Exception {
        String admin = bearer(adminToken());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = get("/api/v1/me", admin);
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
        try (WsClient before = WsClient.connect(ws(null), admin)) {
            before.next("welcome", BOUND);
            executeCommand("feature:uninstall toolbox-sync");
            assertEquals("an open socket is told the channel went", 1001, (int) before.closeCode.get(60, TimeUnit.SECONDS));
            org.awaitility.Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/events?topic=state%2Fx", admin).statusCode() == 404);
            try (WsClient without = WsClient.connect(ws(null), admin)) {
                assertEquals("without the sync coordinator: try again later", 1013, (int) without.closeCode.get(30, TimeUnit.SECONDS));
            }

            executeCommand("feature:install toolbox-sync");
            org.awaitility.Awaitility.await().atMost(BOUND).ignoreExceptions()
                    .until(() -> get("/api/v1/events?topic=state%2Fx", admin).statusCode() == 200);
            try (WsClient after = WsClient.connect(ws(null), admin)) {
                assertEquals("welcome", after.next(BOUND).path("type").asText());
                after.send(subscribe(null, "state/hot-swap.doc"));
                after.next("subscribed", BOUND);
                HttpResponse<String> created = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/state/hot-swap.doc"))
                        .header("Authorization", admin).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"back\": true}")));
                assertEquals(created.body(), 201, created.statusCode());
                assertEquals(1, after.next("event", BOUND).path("payload").path("version").asInt());
            }
        } finally {
            running.set(false);
            traffic.join(60_000);
        }
        assertTrue("requests kept succeeding: " + failures, failures.isEmpty());
        assertTrue("traffic ran: " + served.get(), served.get() > 10);
    }
}
