package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The event stream in the distribution: a content generation's run followed through the long
 * poll from its start to COMPLETED, in sequence order and without duplicates across polls; the
 * same events again as Server-Sent Events; and who may follow which topic.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(120);

    /** Starts a generation; each test asks for its own objective, so that none is answered from the cache. */
    private String startGeneration(String teacher, String objective) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/content", teacher, ContentIT.EXAMPLE.replace("Fractions", objective));
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String runId = json(accepted).path("id").asText();
        assertFalse(accepted.body(), runId.isEmpty());
        return runId;
    }

    private static String topic(String runId) {
        return URLEncoder.encode("workflow/run/" + runId, StandardCharsets.UTF_8);
    }

    @Test
    public void aContentRunIsFollowedByLongPollFromStartToCompletionInOrderWithoutDuplicates() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        String runId = startGeneration(teacher, "Ratios");
        List<JsonNode> received = new ArrayList<>();
        long[] since = {0};
        int[] polls = {0};
        long[] slowest = {0};
        Awaitility.await("the run's events until COMPLETED").atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> page = get("/api/v1/events?topic=" + topic(runId) + "&since=" + since[0] + "&wait=20", teacher);
                    polls[0]++;
                    assertEquals(page.body(), 200, page.statusCode());
                    JsonNode body = json(page);
                    body.path("events").forEach(received::add);
                    if (body.path("events").size() > 0) {
                        slowest[0] = Math.max(slowest[0], (System.nanoTime() - start) / 1_000_000);
                    }
                    assertTrue(page.body(), body.path("last").asLong() >= since[0]);
                    since[0] = body.path("last").asLong();
                    return received.stream().anyMatch(EventsIT::completed);
                });
        List<Long> seqs = received.stream().map(e -> e.path("seq").asLong()).toList();
        assertEquals("no duplicates: " + seqs, seqs.size(), new LinkedHashSet<>(seqs).size());
        assertEquals("in sequence order: " + seqs, seqs.stream().sorted().toList(), seqs);
        assertTrue(received.stream().allMatch(e -> e.path("topic").asText().equals("workflow/run/" + runId)));
        assertTrue(received.stream().allMatch(e -> e.path("payload").path("run_id").asText().equals(runId)));
        assertTrue("step events too: " + received, received.stream().anyMatch(e -> e.path("payload").path("kind").asText().equals("step")
                && e.path("priority").asInt() == 5));
        JsonNode last = received.get(received.size() - 1);
        assertTrue("the last is the run's COMPLETED: " + last, completed(last));
        System.out.println("EventsIT: " + received.size() + " events of run " + runId + " in " + polls[0] + " long polls; slowest poll "
                + "that brought events " + slowest[0] + " ms");

        // nothing after the end: a short wait answers empty, with the same last
        JsonNode after = json(get("/api/v1/events?topic=" + topic(runId) + "&since=" + since[0] + "&wait=1", teacher));
        assertEquals(0, after.path("events").size());
        assertEquals(since[0], after.path("last").asLong());

        // the same events as Server-Sent Events, ids and all, from the start
        HttpRequest sse = HttpRequest.newBuilder(uri("/api/v1/events/stream?topic=" + topic(runId) + "&since=0"))
                .header("Authorization", teacher).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> stream = http.send(sse, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<Long> streamed = new ArrayList<>();
        try (Stream<String> lines = stream.body()) {
            Iterator<String> it = lines.iterator();
            while (streamed.size() < seqs.size() && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data: ")) {
                    JsonNode event = json(line.substring(6));
                    streamed.add(event.path("seq").asLong());
                }
            }
        }
        assertEquals(seqs, streamed);
    }

    @Test
    public void aStreamOpenedBeforeTheRunStartsDeliversItsEventsLiveUpToCompleted() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        // the admin follows every run from now on: the stream is open before the run exists
        HttpRequest sse = HttpRequest.newBuilder(uri("/api/v1/events/stream?topic=" + URLEncoder.encode("workflow/*", StandardCharsets.UTF_8)))
                .header("Authorization", bearer(adminToken())).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> stream = http.send(sse, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        String[] runId = {null};
        List<JsonNode> received = new ArrayList<>();
        java.util.concurrent.CompletableFuture<Void> reading = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (Stream<String> lines = stream.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data: ")) {
                        JsonNode event = json(line.substring(6));
                        synchronized (received) {
                            received.add(event);
                            if (runId[0] != null && completed(event) && event.path("payload").path("run_id").asText().equals(runId[0])) {
                                return;
                            }
                        }
                    }
                }
            }
        });
        String started = startGeneration(teacher, "Rates");
        synchronized (received) {
            runId[0] = started;
            if (received.stream().anyMatch(e -> completed(e) && e.path("payload").path("run_id").asText().equals(started))) {
                reading.complete(null);
            }
        }
        reading.get(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        List<Long> seqs;
        synchronized (received) {
            seqs = received.stream().map(e -> e.path("seq").asLong()).toList();
            assertTrue(received.stream().anyMatch(e -> e.path("payload").path("run_id").asText().equals(started)
                    && e.path("payload").path("kind").asText().equals("step")));
        }
        assertEquals("no duplicates: " + seqs, seqs.size(), new LinkedHashSet<>(seqs).size());
        assertEquals("in sequence order: " + seqs, seqs.stream().sorted().toList(), seqs);
    }

    @Test
    public void onlyTheRunsOwnerOrAnAdminFollowsItAndUnknownTopicsAreNamed() throws Exception {
        String runId = startGeneration(basic("tom", TOM_PASSWORD), "Percentages");
        HttpResponse<String> student = get("/api/v1/events?topic=" + topic(runId), basic("sam", SAM_PASSWORD));
        RuntimeIT.assertProblem(student, 404);
        HttpResponse<String> admin = get("/api/v1/events?topic=" + topic(runId), bearer(adminToken()));
        assertEquals(admin.body(), 200, admin.statusCode());

        HttpResponse<String> unknown = get("/api/v1/events?topic=weather%2Ftoday&topic=" + topic(runId), bearer(adminToken()));
        RuntimeIT.assertProblem(unknown, 400);
        assertTrue(unknown.body(), json(unknown).path("detail").asText().contains("weather/today"));
        RuntimeIT.assertProblem(get("/api/v1/events?topic=" + topic(runId) + "&wait=61", bearer(adminToken())), 400);
    }

    private static boolean completed(JsonNode event) {
        JsonNode payload = event.path("payload");
        return payload.path("kind").asText().equals("run") && payload.path("state").asText().equals("COMPLETED");
    }
}
