package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** Workflows in the running distribution: REST, visibility, shell, and a run waiting for a handler bundle. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @Override
    @Configuration
    public Option[] config() {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 2);
        all[base.length] = replaceConfigurationFile("etc/toolbox/workflows/itest_chain.json", resource("/itest_chain.json"));
        all[base.length + 1] = org.ops4j.pax.exam.CoreOptions.systemProperty("toolbox.workflow.fixture")
                .value(System.getProperty("toolbox.workflow.fixture"));
        return all;
    }

    private static File resource(String name) {
        try {
            return new File(WorkflowIT.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aRunWaitsForAMissingHandlerAndCompletesWhenItsBundleIsInstalled() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        // every workflow event, from before the run exists
        List<String[]> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> filter = new Hashtable<>();
        filter.put(EventConstants.EVENT_TOPIC, "org/toolboxai/workflow/*");
        ServiceRegistration<EventHandler> listener = bundleContext.registerService(EventHandler.class,
                event -> events.add(new String[] {String.valueOf(event.getProperty("run_id")), event.getTopic()}), filter);
        HttpResponse<String> created = post("/api/v1/workflows", admin, "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":20}}");
        assertEquals(created.body(), 201, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        String runId = location.substring(location.lastIndexOf('/') + 1);
        List<String> topics = new CopyOnWriteArrayList<>();

        Awaitility.await("the run waits, visibly, for itest.record").atMost(BOUND).until(() ->
                get(location, admin).body().contains("\"waiting_for\":[\"itest.record\"]"));
        String shown = executeCommand("toolbox:workflow-show " + location.substring(location.lastIndexOf('/') + 1));
        assertTrue(shown, shown.contains("waiting for a handler of type itest.record"));
        // the health report says so too: the scheduler is DEGRADED and names the missing type
        Awaitility.await("health shows the wait").atMost(BOUND).until(() -> {
            HttpResponse<String> health = get("/api/v1/health", admin);
            return health.statusCode() == 200 && health.body().startsWith("{\"status\":\"DEGRADED\"")
                    && health.body().matches(".*\"name\":\"workflow\",\"status\":\"DEGRADED\".*\"waiting_for\":\\[\"itest.record\"\\].*");
        });

        Bundle fixture = bundleContext.installBundle(Paths.get(System.getProperty("toolbox.workflow.fixture")).toUri().toString());
        try {
            fixture.start();
            Awaitility.await("the run completes once the handler is there").atMost(BOUND).until(() ->
                    get(location, admin).body().contains("\"state\":\"COMPLETED\",\"parameters\""));
            String run = get(location, admin).body();
            assertTrue(run, run.contains("\"progress\":100.0"));
            Awaitility.await("health: the store and the scheduler are UP again").atMost(BOUND).until(() -> {
                String health = get("/api/v1/health", admin).body();
                return health.contains("\"name\":\"workflow\",\"status\":\"UP\"")
                        && health.matches(".*\"name\":\"store\",\"status\":\"UP\",\"critical\":true,.*\"schema_version\":\"\\d+\".*");
            });
            assertFalse(run, run.contains("\"state\":\"FAILED\""));
            // every state change went out on EventAdmin: 10 steps started and completed, then the run
            Awaitility.await("events posted").atMost(BOUND).until(() -> events.stream()
                    .anyMatch(e -> e[0].equals(runId) && e[1].equals("org/toolboxai/workflow/run/COMPLETED")));
            events.forEach(e -> {
                if (e[0].equals(runId)) {
                    topics.add(e[1]);
                }
            });
            assertEquals(topics.toString(), 10, topics.stream().filter("org/toolboxai/workflow/step/COMPLETED"::equals).count());
            assertTrue(topics.toString(), topics.contains("org/toolboxai/workflow/step/WAITING"));
        } finally {
            listener.unregister();
            fixture.uninstall();
        }
    }

    @Test
    public void templatesAreListedAndBadRequestsAreProblems() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        String templates = get("/api/v1/workflow-templates", admin).body();
        for (String name : new String[] {"educational_content", "complete_course", "adaptive_assessment", "itest_chain"}) {
            assertTrue(templates, templates.contains("\"name\":\"" + name + "\""));
        }
        HttpResponse<String> unknown = post("/api/v1/workflows", admin, "{\"template\":\"nope\"}");
        RuntimeIT.assertProblem(unknown, 400);
        HttpResponse<String> invalid = post("/api/v1/workflows", admin,
                "{\"template\":\"educational_content\",\"parameters\":{\"grade_level\":\"seven\",\"duration_minutes\":500}}");
        RuntimeIT.assertProblem(invalid, 400);
        for (String field : new String[] {"parameters.subject", "parameters.grade_level", "parameters.learning_objectives",
                "parameters.duration_minutes"}) {
            assertTrue(invalid.body(), invalid.body().contains("\"field\":\"" + field + "\""));
        }
        RuntimeIT.assertProblem(get("/api/v1/workflows?state=sleeping", admin), 400);
        RuntimeIT.assertProblem(get("/api/v1/workflows?limit=0", admin), 400);
        RuntimeIT.assertProblem(get("/api/v1/workflows/does-not-exist", admin), 404);
        String list = executeCommand("toolbox:workflow-templates");
        assertTrue(list, list.contains("complete_course") && list.contains("itest_chain"));
    }

    @Test
    public void callersSeeTheirOwnRunsAndAdminsSeeAllAndCanCancel() throws Exception {
        String admin = bearer(adminToken());
        String tom = basic("tom", TOM_PASSWORD);
        awaitTemplate(admin);
        // educational_content waits for agent handlers no bundle provides yet: it stays RUNNING
        HttpResponse<String> mine = post("/api/v1/workflows", tom, "{\"template\":\"educational_content\",\"parameters\":"
                + "{\"subject\":\"Mathematics\",\"grade_level\":7,\"learning_objectives\":[\"Fractions\",\"Decimals\"]}}");
        assertEquals(mine.body(), 201, mine.statusCode());
        String location = mine.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        HttpResponse<String> adminRun = post("/api/v1/workflows", admin, "{\"template\":\"educational_content\",\"parameters\":"
                + "{\"subject\":\"Science\",\"grade_level\":5,\"learning_objectives\":[\"Plants\"]}}");
        String adminLocation = adminRun.headers().firstValue("Location").orElseThrow();

        assertEquals(200, get(location, tom).statusCode());
        RuntimeIT.assertProblem(get(adminLocation, tom), 404);
        String tomsList = get("/api/v1/workflows", tom).body();
        assertTrue(tomsList, tomsList.contains(id) && !tomsList.contains(adminLocation.substring(adminLocation.lastIndexOf('/') + 1)));
        assertTrue(get("/api/v1/workflows?template=educational_content", admin).body().contains(id));
        assertTrue(executeCommand("toolbox:workflow-list").contains(id));
        assertTrue(executeCommand("toolbox:workflow-list -s running").contains(id));
        Exception bogus = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> executeCommand("toolbox:workflow-list -s BOGUS"));
        assertEquals("Unknown state 'BOGUS'; use one of QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED.",
                bogus.getMessage());

        HttpResponse<String> paused = post(location + "/pause", tom, "");
        assertTrue(paused.body(), paused.body().contains("\"state\":\"PAUSED\""));
        RuntimeIT.assertProblem(post(location + "/pause", tom, ""), 409);
        assertTrue(post(location + "/resume", tom, "").body().contains("\"state\":\"RUNNING\""));
        String cancelled = executeCommand("toolbox:workflow-cancel " + id);
        assertTrue(cancelled, cancelled.contains("CANCELLED"));
        assertTrue(get(location, tom).body().contains("\"state\":\"CANCELLED\""));
        RuntimeIT.assertProblem(post(location + "/resume", tom, ""), 409);
        post(adminLocation + "/cancel", admin, "");
    }

    private void awaitTemplate(String admin) {
        Awaitility.await("workflow engine up").atMost(BOUND).ignoreExceptions().until(() ->
                get("/api/v1/workflow-templates", admin).body().contains("itest_chain"));
    }

    private HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
