package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The README's promise that configuration changes apply without a restart, taken literally: while
 * an administrator edits the files in {@code etc/} that configure the REST front, health, content
 * and the workflow engine, a client polling public, authenticated and content routes gets no
 * answer other than 2xx, and each change takes effect.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigChangeIT extends ToolboxTestSupport {

    private static final Duration APPLIED = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB = "org.toolboxai.web";
    private static final String HEALTH = "org.toolboxai.coordinator.main.health";
    private static final String CONTENT = "org.toolboxai.coordinator.content";
    private static final String WORKFLOW = "org.toolboxai.coordinator.workflow";

    @Test
    public void editingEveryServingConfigurationLosesNoRequestAndTakesEffect() throws Exception {
        String teacher = bearer(issueToken("teacher"));
        HttpResponse<String> made = post("/api/v1/content?wait=60", teacher, ContentIT.EXAMPLE);
        assertEquals(made.body(), 200, made.statusCode());
        String content = made.headers().firstValue("Location").orElseThrow();
        String workflowCfg = Files.readString(cfg(WORKFLOW));
        // a body under the default limit of 1 MiB but over the 2 KiB set below
        String large = "{\"name\": \"" + "x".repeat(4096) + "\", \"role\": \"viewer\"}";
        assertEquals(400, post("/api/v1/tokens", bearer(adminToken()), large).statusCode());

        RequestWatch watch = new RequestWatch(Map.of(
                "GET /api/v1/health", () -> get("/api/v1/health", null),
                "GET /api/v1/me", () -> get("/api/v1/me", teacher),
                "GET /api/v1/workflow-templates", () -> get("/api/v1/workflow-templates", teacher),
                "GET " + content, () -> get(content, teacher)));
        try {
            // the REST front itself: a lower body limit
            watch.phase("web.cfg written");
            write(WEB, "max.body.bytes = 2048");
            await("413 over the new limit", () -> post("/api/v1/tokens", bearer(adminToken()), large).statusCode() == 413);

            // health: a report reused for a minute, then the default again when the file goes
            watch.phase("health.cfg written");
            write(HEALTH, "cache.millis = 60000");
            await("the health report is reused", () -> reportAge().compareTo(Duration.ofSeconds(3)) > 0);
            watch.phase("health.cfg deleted");
            Files.delete(cfg(HEALTH));
            await("the health report is fresh again", () -> reportAge().compareTo(Duration.ofSeconds(2)) < 0);

            // content: with no cache, an identical request is generated again
            assertEquals("hit", post("/api/v1/content?wait=60", teacher, ContentIT.EXAMPLE).headers()
                    .firstValue("X-Cache").orElse(""));
            watch.phase("content.cfg written");
            write(CONTENT, "cache.size = 0");
            await("the content cache is off", () -> {
                HttpResponse<String> again = post("/api/v1/content?wait=60", teacher, ContentIT.EXAMPLE);
                return again.statusCode() == 200 && again.headers().firstValue("X-Cache").orElse("").equals("miss");
            });

            // the workflow engine: fewer runs at once
            watch.phase("workflow.cfg changed");
            write(WORKFLOW, workflowCfg.replaceAll("(?m)^max\\.running\\.runs\\s*=.*$", "max.running.runs = 7"));
            await("the scheduler runs at most 7 runs", () -> workflowDetail("max_running") == 7);

            // the REST front's file removed: the default limit again
            watch.phase("web.cfg deleted");
            Files.delete(cfg(WEB));
            await("the default body limit again", () -> post("/api/v1/tokens", bearer(adminToken()), large).statusCode() == 400);
        } finally {
            watch.stop();
            Files.deleteIfExists(cfg(WEB));
            Files.deleteIfExists(cfg(HEALTH));
            Files.deleteIfExists(cfg(CONTENT));
            write(WORKFLOW, workflowCfg);
        }
        watch.assertEveryAnswerWas2xx();
        await("the scheduler is back to its shipped limit", () -> workflowDetail("max_running") == 20);
    }

    private String issueToken(String role) throws Exception {
        HttpResponse<String> issued = post("/api/v1/tokens", bearer(adminToken()),
                "{\"name\": \"config-" + role + "-" + System.nanoTime() + "\", \"role\": \"" + role + "\"}");
        assertEquals(issued.body(), 201, issued.statusCode());
        return JSON.readTree(issued.body()).get("secret").asText();
    }


    private Path cfg(String pid) {
        return karafBase().resolve("etc").resolve(pid + ".cfg");
    }

    /** Writes a configuration file whole, so fileinstall never reads half of it. */
    private void write(String pid, String text) throws Exception {
        Path target = cfg(pid);
        Path partial = target.resolveSibling(pid + ".cfg.partial");
        Files.writeString(partial, text + "\n");
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(APPLIED).pollInterval(Duration.ofMillis(200)).until(condition);
    }

    /** How long ago the health report the API serves now was made. */
    private Duration reportAge() throws Exception {
        JsonNode report = JSON.readTree(get("/api/v1/health", null).body());
        return Duration.between(Instant.parse(report.get("checked_at").asText()), Instant.now());
    }

    private long workflowDetail(String name) throws Exception {
        JsonNode report = JSON.readTree(get("/api/v1/health", bearer(adminToken())).body());
        for (JsonNode contributor : report.get("contributors")) {
            if (contributor.get("name").asText().equals("workflow")) {
                return contributor.get("details").get(name).asLong();
            }
        }
        return -1;
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    /** Sends each request in turn, one every 20 ms, and counts every answer that is not 2xx, by phase. */
    private static final class RequestWatch {
        private volatile String phase = "before any change";
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final AtomicLong answered = new AtomicLong();
        private final AtomicInteger next = new AtomicInteger();

        RequestWatch(Map<String, Call> calls) {
            List<Map.Entry<String, Call>> rotation = new ArrayList<>(new TreeMap<>(calls).entrySet());
            timer.scheduleWithFixedDelay(() -> {
                Map.Entry<String, Call> call = rotation.get(next.getAndIncrement() % rotation.size());
                String outcome;
                try {
                    int status = call.getValue().send().statusCode();
                    outcome = status >= 200 && status < 300 ? null : "HTTP " + status;
                } catch (Exception e) {
                    outcome = e.getClass().getSimpleName();
                }
                if (outcome == null) {
                    answered.incrementAndGet();
                } else {
                    failures.computeIfAbsent(phase + ": " + call.getKey() + " -> " + outcome, k -> new AtomicInteger()).incrementAndGet();
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
        }

        void phase(String name) {
            phase = name;
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            assertTrue("the watcher stopped", timer.awaitTermination(30, TimeUnit.SECONDS));
        }

        void assertEveryAnswerWas2xx() {
            System.out.println("ConfigChangeIT watch: " + answered.get() + " answers 2xx, failures " + failures);
            assertTrue("the watch covered the changes: " + answered.get() + " answers", answered.get() > 100);
            assertEquals("answers other than 2xx while the configuration changed", Map.of(), new TreeMap<>(failures)
                    .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(),
                            (a, b) -> a, TreeMap::new)));
        }
    }
}
