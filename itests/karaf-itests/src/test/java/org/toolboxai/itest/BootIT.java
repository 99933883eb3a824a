package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;

/**
 * The boot as an administrator sees it: once the API first answers, it keeps answering while the
 * second boot stage (store, workflows, content) comes up, because no stage makes the features
 * service refresh (stop, rewire, restart) bundles of the other.
 */
public class BootIT {

    private KarafProcess karaf;

    @After
    public void cleanUp() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void onceHealthyTheApiStaysUpThroughTheWholeBoot() throws Exception {
        karaf = new KarafProcess(Paths.get(System.getProperty("project.build.directory", "target"), "boot"));
        karaf.launch();
        Awaitility.await("the first healthy answer").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> karaf.get("/api/v1/health", null).statusCode() == 200);

        // the watch must cover the second stage, or it proves nothing
        long stagesDoneAtFirst200 = stagesDone();
        assertTrue("the API answered only after the whole boot (" + stagesDoneAtFirst200 + " stages done)",
                stagesDoneAtFirst200 < 2);

        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        // one health request every 20 ms, paced so the watcher does not take a core from the boot
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleWithFixedDelay(() -> {
            requests.incrementAndGet();
            try {
                int status = karaf.get("/api/v1/health", null).statusCode();
                if (status != 200) {
                    failures.add("HTTP " + status);
                }
            } catch (ConnectException | HttpConnectTimeoutException e) {
                failures.add("connection refused");
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            // both stages deployed: the features service says "Done." once per stage, and the
            // second stage's endpoints answer
            Awaitility.await("both boot stages are deployed").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> stagesDone() >= 2
                            && karaf.get("/api/v1/workflow-templates", karaf.adminToken()).statusCode() == 200);
        } finally {
            watcher.shutdown();
            assertTrue("the watcher stopped", watcher.awaitTermination(30, TimeUnit.SECONDS));
        }

        assertTrue("the watcher asked during the boot", requests.get() > 0);
        assertTrue("health failed " + failures.size() + " times while the boot went on: "
                + new TreeMap<>(failures.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting()))),
                failures.isEmpty());
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
}
