package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;

/**
 * The boot as an administrator sees it: once the API first answers, it keeps answering while the
 * second boot stage (store, workflows, content) comes up, because no stage makes the features
 * service refresh (stop, rewire, restart) bundles of the other. Meanwhile health says STARTING and
 * readiness answers 503, and readiness turns 200 only once both stages are deployed and the
 * content route serves.
 */
public class BootIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KarafProcess karaf;

    @After
    public void cleanUp() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void healthAnswersThroughTheWholeBootAndReadinessTurnsOnlyOnceEverythingServes() throws Exception {
        karaf = new KarafProcess(Paths.get(System.getProperty("project.build.directory", "target"), "boot"));
        karaf.launch();
        karaf.awaitStatus("/api/v1/health", Duration.ofMillis(20));
        long firstHealthyNanos = System.nanoTime();

        // the watch must cover the second stage, or it proves nothing
        long stagesDoneAtFirst200 = stagesDone();
        assertTrue("the API answered only after the whole boot (" + stagesDoneAtFirst200 + " stages done)",
                stagesDoneAtFirst200 < 2);

        BootWatch watch = new BootWatch();
        // health and readiness in turn, one request every 20 ms, paced so the watcher does not take a core from the boot
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(watch::poll, 0, 20, TimeUnit.MILLISECONDS);
        try {
            // both stages deployed: the features service says "Done." once per stage, and the
            // second stage's endpoints answer; and the watcher has seen readiness turn
            Awaitility.await("both boot stages are deployed and the node is ready").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> stagesDone() >= 2
                            && karaf.get("/api/v1/workflow-templates", karaf.adminToken()).statusCode() == 200
                            && watch.contentAnswerWhenReady != null);
        } finally {
            watcher.shutdown();
            assertTrue("the watcher stopped", watcher.awaitTermination(30, TimeUnit.SECONDS));
        }

        System.out.println("BootIT watch: " + watch.requests.get() + " requests; readiness 503 " + watch.notReadyBeforeReady
                + " times, then 200 " + (watch.readyNanos - firstHealthyNanos) / 1_000_000 + " ms after the first healthy answer;"
                + " first 503: " + watch.firstNotReady + "; POST /api/v1/content then: " + watch.contentAnswerWhenReady.statusCode());
        assertTrue("the watcher asked during the boot", watch.requests.get() > 0);
        assertTrue("health failed " + watch.failures.size() + " times while the boot went on: "
                + new TreeMap<>(watch.failures.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting()))),
                watch.failures.isEmpty());
        assertTrue("health said STARTING while the boot went on", watch.healthSaidStarting);
        assertTrue("readiness answered 503 before it answered 200", watch.notReadyBeforeReady > 0);
        assertTrue("a 503 of readiness names what is still starting: " + watch.firstNotReady,
                watch.firstNotReady.get("waiting_for").size() > 0 && !watch.firstNotReady.get("ready").asBoolean());
        assertEquals("stages deployed when readiness first answered 200", 2, watch.stagesDoneWhenReady);
        assertEquals("readiness went back to 503 after it was 200", 0, watch.notReadyAfterReady);
        assertEquals("POST /api/v1/content right after readiness turned 200: " + watch.contentAnswerWhenReady.body(),
                202, watch.contentAnswerWhenReady.statusCode());
        String healthOnceReady = JSON.readTree(karaf.get("/api/v1/health", null).body()).get("status").asText();
        assertTrue("health once ready: " + healthOnceReady, Set.of("UP", "DEGRADED").contains(healthOnceReady));
        assertEquals(200, karaf.get("/api/v1/health/live", null).statusCode());

        List<String> log = karaf.logLines();
        List<String> refreshes = log.stream()
                .filter(l -> l.contains("| Stopping bundles:") || l.contains("| Refreshing bundles:")).toList();
        assertTrue("the boot stopped or refreshed bundles: " + refreshes, refreshes.isEmpty());
        assertEquals("Jetty is configured once", 1,
                log.stream().filter(l -> l.contains("Processing Jetty configuration from files")).count());
        karaf.stop();
    }

    /** Boot stages the features service has deployed: it logs "Done." after each. */
    private long stagesDone() throws Exception {
        return karaf.logLines().stream().filter(l -> l.contains("FeaturesServiceImpl") && l.endsWith("| Done.")).count();
    }

    /** What the watcher saw; written by the watcher thread only, read once it has stopped. */
    private final class BootWatch {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean healthSaidStarting;
        volatile int notReadyBeforeReady;
        volatile int notReadyAfterReady;
        volatile JsonNode firstNotReady;
        volatile long stagesDoneWhenReady = -1;
        volatile HttpResponse<String> contentAnswerWhenReady;
        volatile long readyNanos;
        private boolean askHealth = true;

        void poll() {
            requests.incrementAndGet();
            try {
                if (askHealth) {
                    HttpResponse<String> health = karaf.get("/api/v1/health", null);
                    if (health.statusCode() != 200) {
                        failures.add("health HTTP " + health.statusCode());
                    } else if (JSON.readTree(health.body()).get("status").asText().equals("STARTING")) {
                        healthSaidStarting = true;
                    }
                } else {
                    ready(karaf.get("/api/v1/health/ready", null));
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                failures.add("connection refused");
            } catch (Exception e) {
                failures.add(e.toString());
            }
            askHealth = !askHealth;
        }

        private void ready(HttpResponse<String> answer) throws Exception {
            boolean wasReady = contentAnswerWhenReady != null;
            if (answer.statusCode() == 503) {
                if (wasReady) {
                    notReadyAfterReady++;
                } else if (notReadyBeforeReady++ == 0) {
                    firstNotReady = JSON.readTree(answer.body());
                }
            } else if (answer.statusCode() == 200) {
                if (!wasReady) {
                    // the claim: once ready, the boot is over and the content route serves
                    readyNanos = System.nanoTime();
                    stagesDoneWhenReady = stagesDone();
                    contentAnswerWhenReady = karaf.post("/api/v1/content", karaf.adminToken(), ContentIT.EXAMPLE);
                }
            } else {
                failures.add("ready HTTP " + answer.statusCode());
            }
        }
    }
}
