package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Installing a bundle adds its health contributor, REST route and shell command; removing it
 * takes all three away; and the rest keeps answering throughout. Core bundles restart cleanly.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends ToolboxTestSupport {

    private static final String FIXTURE = "org.toolboxai.itest.fixture";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    public void bundleInstallAndUninstallFromTheShell() throws Exception {
        assertFixtureAbsent();
        try (HealthWatch watch = new HealthWatch()) {
            executeCommand("bundle:install -s " + fixtureUri());
            awaitFixturePresent();
            executeCommand("bundle:uninstall " + FIXTURE);
            awaitFixtureAbsent();
            watch.assertAlwaysHealthy();
        }
    }

    @Test
    public void jarDroppedInDeployAndRemoved() throws Exception {
        assertFixtureAbsent();
        Path deployed = karafBase().resolve("deploy").resolve("fixture.jar");
        try (HealthWatch watch = new HealthWatch()) {
            Files.createDirectories(deployed.getParent());
            Files.copy(Paths.get(System.getProperty("toolbox.fixture")), deployed, StandardCopyOption.REPLACE_EXISTING);
            awaitFixturePresent();
            Files.delete(deployed);
            awaitFixtureAbsent();
            watch.assertAlwaysHealthy();
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    @Test
    public void mainCoordinatorStoppedAndStartedRecoversByItself() throws Exception {
        Bundle main = bundle("org.toolboxai.coordinator.main");
        main.stop();
        try {
            Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/health", null).statusCode() == 404);
            RuntimeIT.assertProblem(get("/api/v1/health", null), 404);
            // the rest of the API keeps working without it
            assertEquals(200, get("/api/v1/me", bearer(adminToken())).statusCode());
        } finally {
            main.start();
        }
        Awaitility.await().atMost(BOUND).until(() -> get("/api/v1/health", null).statusCode() == 200);
        // the shell registers the bundle's commands on its own, a moment after the REST routes
        Awaitility.await().atMost(BOUND).ignoreExceptions()
                .until(() -> executeCommand("toolbox:health").contains("Overall: UP"));
    }

    @Test
    public void webBundleStoppedAndStartedServesAgainWithTheSameTokens() throws Exception {
        Bundle web = bundle("org.toolboxai.web");
        web.stop();
        try {
            Awaitility.await().atMost(BOUND).ignoreExceptions()
                    .until(() -> get("/api/v1/me", bearer(adminToken())).statusCode() == 404);
        } finally {
            web.start();
        }
        Awaitility.await().atMost(BOUND).ignoreExceptions()
                .until(() -> get("/api/v1/me", bearer(adminToken())).statusCode() == 200);
        assertEquals(200, get("/api/v1/health", null).statusCode());
        assertEquals(200, get("/api/v1/components", bearer(adminToken())).statusCode());
    }

    private void awaitFixturePresent() {
        Awaitility.await("fixture route, health contributor and command appear").atMost(BOUND)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
                        get("/api/v1/fixture/echo", bearer(adminToken())).statusCode() == 200
                        && !contributor(get("/api/v1/health", null).body(), "hotswap-fixture").isMissingNode()
                        && executeCommand("toolbox:fixture-ping").contains("fixture-pong"));
        HttpResponse<String> echo;
        try {
            echo = get("/api/v1/fixture/echo", bearer(adminToken()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(echo.body(), "alive", json(echo.body()).path("fixture").asText());
        try {
            assertFixtureServesLaterStreamedAndPlainServletAnswers();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** In pax-web, not only in a test's Jetty: async answers, streams, cut connections, the shared authenticator. */
    private void assertFixtureServesLaterStreamedAndPlainServletAnswers() throws Exception {
        String admin = bearer(adminToken());
        HttpResponse<String> later = get("/api/v1/fixture/later?millis=300", admin);
        assertEquals(later.body(), 200, later.statusCode());
        assertEquals(later.body(), 300, json(later.body()).path("waited_millis").asInt());
        HttpResponse<String> stream = get("/api/v1/fixture/stream", admin);
        assertEquals(stream.body(), "line 1\nline 2\nline 3\n", stream.body());
        try {
            HttpResponse<String> cut = get("/api/v1/fixture/broken-stream", admin);
            throw new AssertionError("a stream failing after its first byte must cut the connection, got "
                    + cut.statusCode() + " " + cut.body());
        } catch (java.io.IOException expected) {
            // the client sees the body is incomplete
        }
        // a servlet of another bundle: the header, a token in the URL (as WebSocket clients send it), nothing
        HttpResponse<String> byHeader = get("/fixture/whoami", admin);
        assertEquals(byHeader.body(), "initial-admin", json(byHeader.body()).path("caller").asText());
        HttpResponse<String> byUrl = get("/fixture/whoami?access_token=" + adminToken(), null);
        assertEquals(byUrl.body(), "admin", json(byUrl.body()).path("role").asText());
        HttpResponse<String> anonymous = get("/fixture/whoami", null);
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));
    }

    private void awaitFixtureAbsent() {
        Awaitility.await("fixture route, health contributor and command disappear").atMost(BOUND)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    assertFixtureAbsent();
                    return true;
                });
    }

    private void assertFixtureAbsent() throws Exception {
        assertEquals(404, get("/api/v1/fixture/echo", bearer(adminToken())).statusCode());
        assertEquals(404, get("/fixture/whoami", bearer(adminToken())).statusCode());
        assertFalse(get("/api/v1/health", null).body().contains("hotswap-fixture"));
        boolean commandPresent;
        try {
            executeCommand("toolbox:fixture-ping");
            commandPresent = true;
        } catch (Exception e) {
            commandPresent = false;
        }
        assertFalse("toolbox:fixture-ping must be gone", commandPresent);
        for (Bundle b : bundleContext.getBundles()) {
            assertFalse("fixture bundle still installed", FIXTURE.equals(b.getSymbolicName()));
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    private static String fixtureUri() {
        return Paths.get(System.getProperty("toolbox.fixture")).toUri().toString();
    }

    /** Polls health in the background while bundles come and go; every answer must be 200. */
    private final class HealthWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger answered = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final Thread thread = new Thread(this::poll, "health-watch");

        HealthWatch() {
            thread.start();
        }

        private void poll() {
            while (running.get()) {
                try {
                    if (get("/api/v1/health", null).statusCode() == 200) {
                        answered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        }

        void assertAlwaysHealthy() throws InterruptedException {
            close();
            assertEquals("health answers that were not 200 while bundles changed", 0, failed.get());
            assertTrue("health was polled during the swap", answered.get() > 5);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
