package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.After;
import org.junit.Test;

/**
 * Two distributions as processes on one PostgreSQL, as README's "Several nodes" sets them up:
 * a token issued on one node works on the other; 20 runs created on both are shared; one node is
 * killed with SIGKILL mid-flight, and the survivor takes its runs over after the lease, carries
 * out a pause, a resume and a cancel asked of it for runs the dead node had claimed, and completes
 * every other run, each step's effect committed exactly once (counted in the database, in the
 * same transaction as each completion) and no step ever executing on both nodes at once (each
 * attempt's start and end, logged by the handler on each node, compared across nodes).
 */
public class TwoNodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUNS = 20;
    private static final int STEPS = 10;
    private static final int LEASE_SECONDS = 3;

    private final List<KarafProcess> nodes = new ArrayList<>();

    @After
    public void cleanUp() throws Exception {
        for (KarafProcess node : nodes) {
            node.close();
        }
    }

    private KarafProcess node(String id, PostgresDatabase database) throws Exception {
        KarafProcess node = new KarafProcess(Paths.get(System.getProperty("project.build.directory", "target"), "two-nodes"));
        nodes.add(node);
        node.storeOn(database);
        node.set("etc/org.toolboxai.coordinator.workflow.cfg", "node.id", id);
        node.set("etc/org.toolboxai.coordinator.workflow.cfg", "lease.seconds", Integer.toString(LEASE_SECONDS));
        node.set("etc/org.toolboxai.coordinator.workflow.cfg", "max.running.runs", "20");
        Files.copy(KarafProcess.path("toolbox.workflow.fixture"), node.home.resolve("deploy/workflow-fixture.jar"));
        Path templates = Files.createDirectories(node.home.resolve("etc/toolbox/workflows"));
        try (var in = getClass().getResourceAsStream("/itest_chain.json")) {
            Files.copy(in, templates.resolve("itest_chain.json"));
        }
        return node;
    }

    @Test
    public void theSurvivorFinishesTheKilledNodesRunsWithEveryStepOnceAndNeverOnBothNodes() throws Exception {
        PostgresDatabase db = PostgresDatabase.create();
        KarafProcess a = node("node-a", db);
        KarafProcess b = node("node-b", db);
        a.launch();
        b.launch();
        a.awaitReady();
        b.awaitReady();
        // the first-start admin token is issued once per database: by whichever node got there first
        Awaitility.await("one node wrote the initial admin token").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(a.tokenFile()) || Files.exists(b.tokenFile()));
        assertTrue("only one node issues the initial admin token", !(Files.exists(a.tokenFile()) && Files.exists(b.tokenFile())));
        String token = (Files.exists(a.tokenFile()) ? a : b).adminToken();
        for (KarafProcess node : nodes) {
            assertEquals("a token from the database works on every node", 200, node.get("/api/v1/me", token).statusCode());
            Awaitility.await("the itest template and handler are there").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> node.get("/api/v1/workflow-templates", token).body().contains("itest_chain"));
        }

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            HttpResponse<String> created = nodes.get(i % 2).post("/api/v1/workflows", token,
                    "{\"template\":\"itest_chain\",\"parameters\":{\"sleep_millis\":400}}");
            assertEquals(created.body(), 201, created.statusCode());
            ids.add(JSON.readTree(created.body()).path("id").asText());
        }
        // mid-flight: both nodes execute runs, some steps done, none of the runs finished
        Awaitility.await("both nodes execute runs mid-flight").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> runsOf(db, "node-a").size() >= 3 && runsOf(db, "node-b").size() >= 3
                        && completedSteps(db) >= RUNS);
        List<String> victims = runsOf(db, "node-a");
        long killedAt = System.currentTimeMillis();
        a.kill();

        // pause, resume and cancel, asked of the survivor for runs the dead node had claimed
        String paused = victims.get(0);
        String cancelled = victims.get(1);
        HttpResponse<String> pause = b.post("/api/v1/workflows/" + paused + "/pause", token, "");
        assertEquals(pause.body(), 200, pause.statusCode());
        assertEquals("PAUSED", JSON.readTree(pause.body()).path("state").asText());
        HttpResponse<String> cancel = b.post("/api/v1/workflows/" + cancelled + "/cancel", token, "");
        assertEquals(cancel.body(), 200, cancel.statusCode());
        assertEquals("CANCELLED", JSON.readTree(cancel.body()).path("state").asText());
        HttpResponse<String> resume = b.post("/api/v1/workflows/" + paused + "/resume", token, "");
        assertEquals(resume.body(), 200, resume.statusCode());

        for (String id : ids) {
            String expected = id.equals(cancelled) ? "CANCELLED" : "COMPLETED";
            Awaitility.await("run " + id + " ends " + expected + " on the survivor").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> JSON.readTree(b.get("/api/v1/workflows/" + id, token).body()).path("state").asText().equals(expected));
        }
        assertTrue("the survivor took over the dead node's runs", runsOf(db, "node-a").isEmpty());

        // the survivor answers the paused run's history, both nodes' part of it, in order, page by page
        JsonNode history = JSON.readTree(b.get("/api/v1/workflows/" + paused + "/events?limit=1000", token).body());
        List<Long> seqs = new ArrayList<>();
        Map<String, Integer> byNode = new HashMap<>();
        List<String> runStates = new ArrayList<>();
        for (JsonNode e : history.path("events")) {
            seqs.add(e.path("seq").asLong());
            byNode.merge(e.path("node").asText(), 1, Integer::sum);
            if (!e.hasNonNull("step")) {
                runStates.add(e.path("state").asText());
            }
        }
        assertTrue("sequence numbers increase: " + seqs, seqs.size() > 2 && seqs.equals(seqs.stream().sorted().distinct().toList()));
        assertEquals(seqs.get(seqs.size() - 1).longValue(), history.path("last").asLong());
        assertTrue("events of both nodes: " + byNode, byNode.containsKey("node-a") && byNode.containsKey("node-b"));
        assertEquals(List.of("RUNNING", "PAUSED", "RUNNING", "COMPLETED"), runStates);
        long middle = seqs.get(seqs.size() / 2);
        JsonNode rest = JSON.readTree(b.get("/api/v1/workflows/" + paused + "/events?after=" + middle, token).body());
        assertEquals(seqs.size() - seqs.size() / 2 - 1, rest.path("events").size());

        // a teacher's token issued on the survivor: the node list is for admins, another user's run is not visible
        HttpResponse<String> issued = b.post("/api/v1/tokens", token, "{\"name\":\"ms-lee\",\"role\":\"teacher\"}");
        assertEquals(issued.body(), 201, issued.statusCode());
        String teacher = JSON.readTree(issued.body()).path("secret").asText();
        assertEquals(403, b.get("/api/v1/nodes", teacher).statusCode());
        HttpResponse<String> hidden = b.get("/api/v1/workflows/" + paused + "/events", teacher);
        assertEquals(hidden.body(), 404, hidden.statusCode());
        assertEquals("application/problem+json", hidden.headers().firstValue("Content-Type").orElse("").split(";")[0]);

        // the node list and the health report show the dead node
        JsonNode list = JSON.readTree(b.get("/api/v1/nodes", token).body());
        Map<String, String> states = new HashMap<>();
        list.path("nodes").forEach(n -> states.put(n.path("id").asText(), n.path("state").asText()));
        assertEquals(Map.of("node-a", "stale", "node-b", "up"), states);
        assertEquals("node-b", list.path("self").asText());
        JsonNode workflow = contributor(JSON.readTree(b.get("/api/v1/health", token).body()), "workflow");
        assertEquals(workflow.toString(), "DEGRADED", workflow.path("status").asText().toUpperCase());
        assertTrue(workflow.toString(), workflow.path("details").path("nodes_stale").toString().contains("node-a"));

        // every step of every completed run took effect exactly once
        Map<String, Integer> effects = new HashMap<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT step_key, COUNT(*) FROM itest_execution GROUP BY step_key");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                effects.put(rs.getString(1), rs.getInt(2));
            }
        }
        effects.forEach((step, count) -> assertEquals("effects of " + step, 1, (int) count));
        long completedRunSteps = effects.keySet().stream().filter(k -> !k.startsWith(cancelled)).count();
        assertEquals("every step of the completed runs took effect", (RUNS - 1) * STEPS, completedRunSteps);

        // no attempt of a step overlapped one on the other node; the steps in flight at the kill ran again
        Map<String, List<long[]>> onA = attempts(a, killedAt);
        Map<String, List<long[]>> onB = attempts(b, Long.MAX_VALUE);
        int rerun = 0;
        for (Map.Entry<String, List<long[]>> e : onB.entrySet()) {
            for (long[] there : onA.getOrDefault(e.getKey(), List.of())) {
                rerun++;
                for (long[] here : e.getValue()) {
                    assertTrue(e.getKey() + " ran on both nodes at once: a " + there[0] + "-" + there[1] + ", b " + here[0] + "-" + here[1],
                            here[0] >= there[1] || there[0] >= here[1]);
                }
            }
        }
        assertTrue("steps in flight on the killed node ran again on the survivor (" + rerun + ")", rerun >= 1);
    }

    /** Each step attempt's [start, end] on a node, by step key; an attempt without an end (killed) ends at {@code openEnd}. */
    private static Map<String, List<long[]>> attempts(KarafProcess node, long openEnd) throws Exception {
        Map<String, Long> ends = new HashMap<>();
        Path endLog = node.home.resolve("data/itest-ends.log");
        if (Files.exists(endLog)) {
            for (String line : Files.readAllLines(endLog)) {
                String[] f = line.split(" ");
                ends.put(f[0] + " " + f[1], Long.parseLong(f[2]));
            }
        }
        Map<String, List<long[]>> attempts = new HashMap<>();
        for (String line : Files.readAllLines(node.home.resolve("data/itest-starts.log"))) {
            String[] f = line.split(" ");
            long start = Long.parseLong(f[2]);
            attempts.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new long[] {start, ends.getOrDefault(f[0] + " " + f[1], openEnd)});
        }
        return attempts;
    }

    /** Runs a node executes now, by the database. */
    private static List<String> runsOf(PostgresDatabase db, String node) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM workflow_run WHERE node_id = ? AND state = 'RUNNING' ORDER BY id")) {
            ps.setString(1, node);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static int completedSteps(PostgresDatabase db) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM workflow_step WHERE state = 'COMPLETED'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JsonNode contributor(JsonNode report, String name) {
        for (JsonNode c : report.path("contributors")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no contributor " + name + " in " + report);
    }
}
