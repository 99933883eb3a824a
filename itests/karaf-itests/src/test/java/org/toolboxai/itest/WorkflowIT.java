package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.net.URISyntaxException;
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
import javax.inject.Inject;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowEvents;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * Workflows in the running distribution: REST, visibility, shell, a run waiting for a handler
 * bundle, a handler bundle leaving mid-step, and a configuration change while a run is in flight.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(60);

    @Inject
    private ConfigurationAdmin configAdmin;

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
        filter.put(EventConstants.EVENT_TOPIC, WorkflowEvents.ALL_TOPICS);
        ServiceRegistration<EventHandler> listener = bundleContext.registerService(EventHandler.class,
                event -> events.add(new String[] {String.valueOf(event.getProperty(WorkflowEvents.RUN_ID)), event.getTopic()}), filter);
        HttpResponse<String> created = post("/api/v1/workflows", admin, "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":20}}");
        assertEquals(created.body(), 201, created.statusCode());
        String location = created.headers().firstValue("Location").orElseThrow();
        String runId = location.substring(location.lastIndexOf('/') + 1);
        List<String> topics = new CopyOnWriteArrayList<>();

        Awaitility.await("the run waits, visibly, for itest.record").atMost(BOUND).until(() ->
                json(get(location, admin).body()).path("waiting_for").toString().equals("[\"itest.record\"]"));
        String shown = executeCommand("toolbox:workflow-show " + location.substring(location.lastIndexOf('/') + 1));
        assertTrue(shown, shown.contains("waiting for a handler of type itest.record"));
        // the health report says so too: the scheduler is DEGRADED and names the missing type
        Awaitility.await("health shows the wait").atMost(BOUND).until(() -> {
            HttpResponse<String> health = get("/api/v1/health", admin);
            var workflow = contributor(health.body(), "workflow");
            return health.statusCode() == 200 && json(health.body()).path("status").asText().equals("DEGRADED")
                    && workflow.path("status").asText().equals("DEGRADED")
                    && workflow.path("details").path("waiting_for").toString().equals("[\"itest.record\"]");
        });

        Bundle fixture = installFixture();
        try {
            Awaitility.await("the run completes once the handler is there").atMost(BOUND).until(() ->
                    json(get(location, admin).body()).path("state").asText().equals("COMPLETED"));
            String run = get(location, admin).body();
            assertEquals(run, 100.0, json(run).path("progress").asDouble(), 0.0);
            Awaitility.await("health: the store and the scheduler are UP again").atMost(BOUND).until(() -> {
                String health = get("/api/v1/health", admin).body();
                var store = contributor(health, "store");
                // both bundles' schemas were migrated by the store, each with its own history
                return contributor(health, "workflow").path("status").asText().equals("UP")
                        && store.path("status").asText().equals("UP") && store.path("critical").asBoolean()
                        && store.path("details").path("schemas").path("workflow").asText().matches("[1-9]\\d*")
                        && store.path("details").path("schemas").path("itest_workflow").asText().equals("1");
            });
            json(run).path("steps").forEach(step -> assertEquals(run, "COMPLETED", step.path("state").asText()));
            // every state change went out on EventAdmin: 10 steps started and completed, then the run
            Awaitility.await("events posted").atMost(BOUND).until(() -> events.stream()
                    .anyMatch(e -> e[0].equals(runId) && e[1].equals(WorkflowEvents.runTopic(RunState.COMPLETED))));
            events.forEach(e -> {
                if (e[0].equals(runId)) {
                    topics.add(e[1]);
                }
            });
            assertEquals(topics.toString(), 10, topics.stream().filter(WorkflowEvents.stepTopic(StepState.COMPLETED)::equals).count());
            assertTrue(topics.toString(), topics.contains(WorkflowEvents.stepTopic(StepState.WAITING)));
        } finally {
            listener.unregister();
            fixture.uninstall();
        }
    }

    @Test
    public void aHandlerBundleRemovedMidStepFailsThatAttemptAndTheStepWaitsVisiblyUntilTheBundleIsBack() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        Bundle fixture = installFixture();
        try {
            String location = created(post("/api/v1/workflows", admin, "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":1000}}"));
            Awaitility.await("s01 runs").atMost(BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> step(get(location, admin).body(), "s01").path("state").asText().equals("RUNNING"));

            fixture.uninstall();

            // the attempt failed as transient and its retry found no handler: the step waits, visibly
            Awaitility.await("s01 waits for itest.record").atMost(BOUND).until(() -> {
                var run = json(get(location, admin).body());
                return run.path("waiting_for").toString().equals("[\"itest.record\"]")
                        && step(run.toString(), "s01").path("state").asText().equals("WAITING");
            });
            var s01 = step(get(location, admin).body(), "s01");
            assertEquals(s01.toString(), "TRANSIENT", s01.path("failure").path("kind").asText());
            assertTrue(s01.toString(), s01.path("error").asText().contains("its handler left"));
            Awaitility.await("health names the type and counts no stuck thread").atMost(BOUND).until(() -> {
                var workflow = contributor(get("/api/v1/health", admin).body(), "workflow");
                return workflow.path("status").asText().equals("DEGRADED")
                        && workflow.path("details").path("waiting_for").toString().equals("[\"itest.record\"]")
                        && workflow.path("details").path("stuck_workers").asInt() == 0;
            });

            fixture = installFixture();
            Awaitility.await("the run completes with the bundle back").atMost(BOUND)
                    .until(() -> json(get(location, admin).body()).path("state").asText().equals("COMPLETED"));
            var run = json(get(location, admin).body());
            assertEquals(run.toString(), 2, step(run.toString(), "s01").path("attempt").asInt());
            for (var step : run.path("steps")) {
                assertTrue(run.toString(), step.path("id").asText().equals("s01") || step.path("attempt").asInt() == 1);
            }
        } finally {
            if (fixture.getState() != Bundle.UNINSTALLED) {
                fixture.uninstall();
            }
        }
    }

    @Test
    public void aConfigurationChangeAppliesToTheRunningEngineWithoutTouchingItsServiceOrARunInFlight() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        ServiceReference<WorkflowService> engine = bundleContext.getServiceReference(WorkflowService.class);
        Object serviceId = engine.getProperty(Constants.SERVICE_ID);
        List<Integer> serviceEvents = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> serviceEvents.add(event.getType());
        bundleContext.addServiceListener(listener, "(" + Constants.OBJECTCLASS + "=" + WorkflowService.class.getName() + ")");
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("org.toolboxai.coordinator.workflow", "?");
        Dictionary<String, Object> before = config.getProperties();
        assertTrue("the distribution configures the engine", before != null);
        Bundle fixture = installFixture();
        try {
            String location = created(post("/api/v1/workflows", admin, "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":500}}"));
            Awaitility.await("s02 runs").atMost(BOUND)
                    .until(() -> step(get(location, admin).body(), "s02").path("state").asText().equals("RUNNING"));

            Dictionary<String, Object> changed = copy(before);
            changed.put("worker.threads", "41");
            changed.put("max.running.runs", "21");
            config.update(changed);

            Awaitility.await("health shows the new limits").atMost(BOUND).until(() -> {
                var details = contributor(get("/api/v1/health", admin).body(), "workflow").path("details");
                return details.path("workers").asInt() == 41 && details.path("max_running").asInt() == 21;
            });
            String status = executeCommand("toolbox:workflow-list");
            assertTrue(status, status.matches("(?s).*Scheduler: \\d+ running \\(at most 21\\), \\d+ queued, \\d+ paused; "
                    + "workers \\d+ busy of 41, 0 stuck.*"));
            Awaitility.await("the run in flight completes").atMost(BOUND)
                    .until(() -> json(get(location, admin).body()).path("state").asText().equals("COMPLETED"));
            // nothing was interrupted or run twice, and the engine's service was left alone
            for (var step : json(get(location, admin).body()).path("steps")) {
                assertEquals(step.toString(), 1, step.path("attempt").asInt());
            }
            assertEquals(serviceEvents.toString(), List.of(), serviceEvents);
            assertEquals(serviceId, bundleContext.getServiceReference(WorkflowService.class).getProperty(Constants.SERVICE_ID));
        } finally {
            bundleContext.removeServiceListener(listener);
            config.update(before);
            fixture.uninstall();
        }
    }

    @Test
    public void aCourseOfSixLessonsIsMadeOfflineWithEveryObjectiveTaughtOnceInOrder() throws Exception {
        String admin = bearer(adminToken());
        String tom = basic("tom", TOM_PASSWORD);
        List<String> objectives = List.of("Add fractions with like denominators", "Multiply decimals by whole numbers",
                "Find the area of rectangles");
        // every problem of a bad request at once
        HttpResponse<String> bad = post("/api/v1/courses", tom, "{\"subject\": 5, \"grade_level\": 6, \"learning_objectives\":"
                + " [\"Fractions\", \"Fractions\"], \"lesson_count\": 21, \"lesons\": 2}");
        RuntimeIT.assertProblem(bad, 400);
        List<String> fields = new java.util.ArrayList<>();
        json(bad.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertTrue(bad.body(), fields.containsAll(List.of("lesons", "subject", "lesson_count", "learning_objectives[1]")));

        HttpResponse<String> response = post("/api/v1/courses", tom, "{\"subject\": \"Mathematics\", \"grade_level\": 6,"
                + " \"learning_objectives\": " + JSON.writeValueAsString(objectives) + ", \"lesson_count\": 6, \"duration_minutes\": 45}");
        assertEquals(response.body(), 202, response.statusCode());
        String location = response.headers().firstValue("Location").orElseThrow();
        // while it is made: progress per lesson; another teacher does not see it
        com.fasterxml.jackson.databind.JsonNode first = json(get(location, tom).body());
        assertTrue(first.toString(), first.path("lessons").size() == 6 || first.path("lessons").size() == 0);
        Awaitility.await("the course completes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json(get(location, tom).body()).path("state").asText().equals("COMPLETED"));
        com.fasterxml.jackson.databind.JsonNode view = json(get(location, tom).body());
        assertEquals(view.toString(), 6, view.path("lessons").size());
        view.path("lessons").forEach(l -> assertEquals(l.toString(), "done", l.path("state").asText()));
        HttpResponse<String> issued = post("/api/v1/tokens", admin, "{\"name\": \"mr-ode\", \"role\": \"teacher\"}");
        RuntimeIT.assertProblem(get(location, bearer(json(issued.body()).path("secret").asText())), 404);
        String shown = executeCommand("toolbox:course-show " + location.substring(location.lastIndexOf('/') + 1));
        assertTrue(shown, shown.contains("Course checks: passed") && shown.contains("5/5"));
        com.fasterxml.jackson.databind.JsonNode run = view;
        com.fasterxml.jackson.databind.JsonNode course = view.path("course");
        assertTrue(run.toString(), course != null && course.isObject());
        // six lessons, each teaching the outline's objectives in order: every objective in one stretch
        assertEquals(course.toString(), 6, course.path("lessons").size());
        List<String> taught = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            com.fasterxml.jackson.databind.JsonNode entry = course.path("outline").path("lessons").get(i);
            assertEquals(entry.toString(), i + 1, entry.path("number").asInt());
            entry.path("objectives").forEach(o -> taught.add(o.asText()));
            com.fasterxml.jackson.databind.JsonNode pkg = course.path("lessons").get(i).path("package");
            // the lesson's own plan has one objective per objective the outline gave it
            assertEquals(pkg.path("lesson_plan").path("objectives").toString(), entry.path("objectives").size(),
                    pkg.path("lesson_plan").path("objectives").size());
            assertTrue(pkg.toString(), pkg.path("quiz").path("questions").size() > 0);
            assertTrue(pkg.path("id").asText(), pkg.path("id").asText().endsWith("-lesson" + (i + 1)));
        }
        assertEquals(objectives, taught.stream().distinct().toList());
        // the summative assessment covers every objective; the course checks pass
        assertEquals(course.path("assessment_strategy").toString(), 0,
                course.path("assessment_strategy").path("objectives_without_questions").size());
        assertEquals(course.path("quality").toString(), true, course.path("quality").path("passed").asBoolean());
        assertEquals(6, course.path("navigation").path("areas").size());
        assertEquals(6 * 45, course.path("minutes").asInt());

        // the course as one place (and, with toolbox-lms-files, for an LMS): every export format listed; the place file has the hub's portals, every
        // lesson's stations, the final area and the course scripts; the Rojo project has the gate script
        com.fasterxml.jackson.databind.JsonNode exports = json(get(location + "/exports", tom).body());
        List<String> files = new java.util.ArrayList<>();
        exports.forEach(e -> files.add(e.path("file_name").asText()));
        assertEquals(exports.toString(), List.of("cartridge.imscc", "place.rbxlx", "qti.zip", "rojo.zip"), files);
        HttpResponse<byte[]> place = http.send(java.net.http.HttpRequest.newBuilder(uri(location + "/export/place.rbxlx"))
                .header("Authorization", tom).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, place.statusCode());
        org.w3c.dom.NodeList names = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(place.body())).getElementsByTagName("string");
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < names.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) names.item(i);
            if ("Name".equals(e.getAttribute("name"))) {
                named.add(e.getTextContent());
            }
        }
        for (int n = 1; n <= 6; n++) {
            int lesson = n;
            assertTrue("portals of lesson " + n, named.contains("Portal to lesson " + n) && named.contains("Portal back from lesson " + n));
            assertTrue("stations of lesson " + n, named.stream().anyMatch(x -> x.startsWith("L" + lesson + "-")));
        }
        assertTrue(named.toString(), named.containsAll(List.of("Portal to the final assessment", "Course map", "CourseGate", "CourseMap",
                "CourseData", "QuizData", "QuizKeys", "F-station1")));
        HttpResponse<byte[]> rojo = http.send(java.net.http.HttpRequest.newBuilder(uri(location + "/export/rojo.zip"))
                .header("Authorization", tom).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        List<String> entries = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(rojo.body()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(entry.getName());
            }
        }
        assertTrue(entries.toString(), entries.contains("src/server/CourseGate.server.luau") && entries.contains("default.project.json"));
        RuntimeIT.assertProblem(get(location + "/export/place.rbxlx", bearer(json(issued.body()).path("secret").asText())), 404);
        RuntimeIT.assertProblem(get(location + "/export/course.pdf", tom), 404);
    }

    @Test
    public void aLessonThatFailsFailsOnlyItsBranchAndIsMadeAgainAlone() throws Exception {
        String tom = basic("tom", TOM_PASSWORD);
        Bundle fixture = installFixture(); // its agent.quiz refuses lesson 2 of a course with this subject
        String location;
        try {
            HttpResponse<String> response = post("/api/v1/courses", tom, "{\"subject\": \"Failing lesson two\", \"grade_level\": 5,"
                    + " \"learning_objectives\": [\"Add fractions with like denominators\", \"Multiply decimals by whole numbers\","
                    + " \"Find the area of rectangles\"], \"lesson_count\": 3, \"duration_minutes\": 30}");
            assertEquals(response.body(), 202, response.statusCode());
            location = response.headers().firstValue("Location").orElseThrow();
            String finished = awaitCourse(location, tom);
            assertEquals(finished, "COMPLETED", json(finished).path("state").asText());
        } finally {
            fixture.uninstall(); // the "provider" recovers
        }
        com.fasterxml.jackson.databind.JsonNode view = json(get(location, tom).body());
        List<String> states = new java.util.ArrayList<>();
        view.path("lessons").forEach(l -> states.add(l.path("state").asText()));
        assertEquals(view.toString(), List.of("done", "failed", "done"), states);
        assertTrue(view.toString(), view.path("lessons").get(1).path("failure").asText().contains("quiz_creation")
                && view.path("lessons").get(1).path("failure").asText().contains("refused"));
        // the course was still put together from the lessons that were made, and says what is missing
        com.fasterxml.jackson.databind.JsonNode course = view.path("course");
        assertEquals(course.toString(), 2, course.path("lessons").size());
        assertEquals(course.path("quality").toString(), false, course.path("quality").path("passed").asBoolean());
        String id = location.substring(location.lastIndexOf('/') + 1);
        com.fasterxml.jackson.databind.JsonNode before = json(get("/api/v1/workflows/" + id, tom).body());

        RuntimeIT.assertProblem(post(location + "/lessons/4/retry", tom, ""), 404);
        HttpResponse<String> retried = post(location + "/lessons/2/retry", tom, "");
        assertEquals(retried.body(), 202, retried.statusCode());
        String again = awaitCourse(location, tom);
        assertEquals(again, "COMPLETED", json(again).path("state").asText());
        view = json(get(location, tom).body());
        states.clear();
        view.path("lessons").forEach(l -> states.add(l.path("state").asText()));
        assertEquals(view.toString(), List.of("done", "done", "done"), states);
        assertEquals(3, view.path("course").path("lessons").size());
        assertEquals(view.path("course").path("quality").toString(), true, view.path("course").path("quality").path("passed").asBoolean());
        // lessons 1 and 3 were not made again: their steps kept their attempts and times; lesson 2's ran anew
        com.fasterxml.jackson.databind.JsonNode after = json(get("/api/v1/workflows/" + id, tom).body());
        for (String kept : List.of("course_outline", "lesson_1.quiz_creation", "lesson_3.integration_qa")) {
            assertEquals(kept, step(before.toString(), kept).path("started_at").asText(), step(after.toString(), kept).path("started_at").asText());
        }
        assertEquals("FAILED", step(before.toString(), "lesson_2.quiz_creation").path("state").asText());
        assertEquals("COMPLETED", step(after.toString(), "lesson_2.quiz_creation").path("state").asText());
        assertTrue(!step(before.toString(), "final_package").path("started_at").asText()
                .equals(step(after.toString(), "final_package").path("started_at").asText()));
    }

    /** The course once it has finished; on time-out, a failure with its run and the health report. */
    private String awaitCourse(String location, String authorization) throws Exception {
        try {
            return Awaitility.await("the course finishes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(location, authorization).body(),
                            body -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(json(body).path("state").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String id = location.substring(location.lastIndexOf('/') + 1);
            throw new AssertionError("the course did not finish in 2 minutes: " + get("/api/v1/workflows/" + id, authorization).body()
                    + "\nhealth: " + get("/api/v1/health", bearer(adminToken())).body(), e);
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    /** The step of a run (its JSON) with that id. */
    private static com.fasterxml.jackson.databind.JsonNode step(String run, String id) {
        for (var step : json(run).path("steps")) {
            if (id.equals(step.path("id").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step " + id + " in " + run);
    }

    /** The run a 201 answer created: its location. */
    private static String created(HttpResponse<String> response) {
        assertEquals(response.body(), 201, response.statusCode());
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Installs and starts the bundle providing itest.record. */
    private Bundle installFixture() throws Exception {
        Bundle fixture = bundleContext.installBundle(Paths.get(System.getProperty("toolbox.workflow.fixture")).toUri().toString());
        fixture.start();
        return fixture;
    }

    @Test
    public void aTemplateFileAddedChangedOrRemovedTakesEffectWithoutARestart() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        java.nio.file.Path file = karafBase().resolve("etc/toolbox/workflows/itest_hot.json");
        String template = "{\"name\": \"itest_hot\", \"description\": \"%s\", \"steps\": [{\"id\": \"a\", \"type\": \"itest.record\"}]}";
        java.nio.file.Files.writeString(file, String.format(template, "first"));
        try {
            Awaitility.await("a new file is loaded").atMost(BOUND).until(() -> "first".equals(templateDescription(admin, "itest_hot")));
            java.nio.file.Files.writeString(file, String.format(template, "the second version"));
            Awaitility.await("a changed file is reloaded").atMost(BOUND)
                    .until(() -> "the second version".equals(templateDescription(admin, "itest_hot")));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        Awaitility.await("a removed file's template goes").atMost(BOUND).until(() -> templateDescription(admin, "itest_hot") == null);
        RuntimeIT.assertProblem(post("/api/v1/workflows", admin, "{\"template\":\"itest_hot\"}"), 400);
    }

    /** The description of a listed template, or null when it is not listed. */
    private String templateDescription(String admin, String name) throws Exception {
        for (var t : json(get("/api/v1/workflow-templates", admin).body()).path("templates")) {
            if (name.equals(t.path("name").asText())) {
                return t.path("description").asText();
            }
        }
        return null;
    }

    @Test
    public void templatesAreListedAndBadRequestsAreProblems() throws Exception {
        String admin = bearer(adminToken());
        awaitTemplate(admin);
        for (String name : new String[] {"educational_content", "complete_course", "adaptive_assessment", "itest_chain"}) {
            assertTrue(name, templateDescription(admin, name) != null);
        }
        HttpResponse<String> unknown = post("/api/v1/workflows", admin, "{\"template\":\"nope\"}");
        RuntimeIT.assertProblem(unknown, 400);
        HttpResponse<String> invalid = post("/api/v1/workflows", admin,
                "{\"template\":\"educational_content\",\"parameters\":{\"grade_level\":\"seven\",\"duration_minutes\":500}}");
        RuntimeIT.assertProblem(invalid, 400);
        List<String> fields = new java.util.ArrayList<>();
        json(invalid.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertTrue(invalid.body(), fields.containsAll(List.of("parameters.subject", "parameters.grade_level",
                "parameters.learning_objectives", "parameters.duration_minutes")));
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
        // itest_chain waits for itest.record, which this test never installs: the runs stay RUNNING,
        // so pausing and cancelling cannot race a run that completes by itself
        HttpResponse<String> mine = post("/api/v1/workflows", tom, "{\"template\":\"itest_chain\"}");
        assertEquals(mine.body(), 201, mine.statusCode());
        String location = mine.headers().firstValue("Location").orElseThrow();
        String id = json(mine.body()).path("id").asText();
        HttpResponse<String> adminRun = post("/api/v1/workflows", admin, "{\"template\":\"itest_chain\"}");
        String adminLocation = adminRun.headers().firstValue("Location").orElseThrow();
        String adminId = json(adminRun.body()).path("id").asText();
        Awaitility.await("tom's run waits for its handler").atMost(BOUND)
                .until(() -> json(get(location, tom).body()).path("waiting_for").toString().equals("[\"itest.record\"]"));

        RuntimeIT.assertProblem(get(adminLocation, tom), 404);
        assertEquals(List.of(id), runIds(get("/api/v1/workflows?template=itest_chain", tom).body()));
        assertTrue(runIds(get("/api/v1/workflows?template=itest_chain", admin).body()).containsAll(List.of(id, adminId)));
        String listed = executeCommand("toolbox:workflow-list");
        assertTrue(listed, listed.contains(id));
        // and a line on the scheduler's load, with busy and stuck workers
        assertTrue(listed, listed.matches("(?s).*Scheduler: \\d+ running \\(at most \\d+\\), \\d+ queued, \\d+ paused; "
                + "workers \\d+ busy of \\d+, \\d+ stuck.*"));
        assertTrue(executeCommand("toolbox:workflow-list -s running").contains(id));
        Exception bogus = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> executeCommand("toolbox:workflow-list -s BOGUS"));
        assertEquals("Unknown state 'BOGUS'; use one of QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED.",
                bogus.getMessage());

        assertEquals("PAUSED", json(post(location + "/pause", tom, "").body()).path("state").asText());
        RuntimeIT.assertProblem(post(location + "/pause", tom, ""), 409);
        assertEquals("RUNNING", json(post(location + "/resume", tom, "").body()).path("state").asText());
        String cancelled = executeCommand("toolbox:workflow-cancel " + id);
        assertTrue(cancelled, cancelled.contains("CANCELLED"));
        assertEquals("CANCELLED", json(get(location, tom).body()).path("state").asText());
        RuntimeIT.assertProblem(post(location + "/resume", tom, ""), 409);
        assertEquals("CANCELLED", json(post(adminLocation + "/cancel", admin, "").body()).path("state").asText());
    }

    private static List<String> runIds(String page) {
        List<String> ids = new java.util.ArrayList<>();
        json(page).path("runs").forEach(run -> ids.add(run.path("id").asText()));
        return ids;
    }

    private void awaitTemplate(String admin) {
        Awaitility.await("workflow engine up").atMost(BOUND).ignoreExceptions().until(() ->
                get("/api/v1/workflow-templates", admin).body().contains("itest_chain"));
    }
}
