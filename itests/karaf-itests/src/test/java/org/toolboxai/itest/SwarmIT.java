package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelRequest;

/**
 * The swarm in the distribution: a loopback model speaking OpenAI's chat-completions wire format
 * writes lessons whose quiz has a wrong key for a known 20% of its questions (one of five), while
 * its solvers, asked without the key, answer right. Every wrong key must be caught: made again
 * from the solvers' feedback, or flagged in the quality report with their answers. The curriculum
 * step, marked for candidates, gets three, scored by three reviewers and chosen by consensus. Then
 * the feature is removed and installed again while teachers keep working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwarmIT extends ToolboxTestSupport {

    private static final Duration BOUND = Duration.ofSeconds(60);
    /** The fake model corrupts this lesson's key whatever it is told: its dispute must end flagged. */
    private static final String STUBBORN = "Geology";

    @Inject
    private ConfigurationAdmin configAdmin;

    private static final ObjectMapper FACTS = ChatCompletions.FACTS;

    /** The right answer of every question the fake served, by prompt: what its solvers answer. */
    private final Map<String, JsonNode> truth = new ConcurrentHashMap<>();
    /** The keys the fake made wrong: prompt -> the wrong key. */
    private final Map<String, JsonNode> corrupted = new ConcurrentHashMap<>();
    /** Prompts of solve requests that showed a key, which they must never. */
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final AtomicInteger solveCalls = new AtomicInteger();
    private final AtomicInteger rateCalls = new AtomicInteger();

    @Test
    public void everyWrongKeyIsCaughtAndCandidatesArePickedByConsensus() throws Exception {
        ChatModelProvider offline = bundleContext.getService(bundleContext.getServiceReferences(ChatModelProvider.class,
                "(provider.name=offline)").iterator().next());
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newCachedThreadPool());
        fake.createContext("/v1/chat/completions", exchange -> {
            String answer;
            int status = 200;
            try {
                answer = answer(offline, JSON.readTree(exchange.getRequestBody()));
            } catch (Exception e) {
                status = 400;
                answer = e.toString();
            }
            ChatCompletions.reply(exchange, status, answer);
        });
        fake.start();
        try {
            useOpenAi(fake);
            configureSwarm(Map.of("reviewers", "openai,openai,openai"));

            JsonNode biology = make("Biology", "Describe how plants make food from sunlight");
            JsonNode geology = make(STUBBORN, "Describe how rocks change in the rock cycle");

            // the biology quiz: its wrong key was disputed, the quiz made again, and the key is right now
            JsonNode v = biology.path("verification");
            assertEquals(v.toString(), "verified", v.path("status").asText());
            List<String> regenerated = decided(v, "regenerated");
            assertEquals(v.toString(), 1, regenerated.size());
            assertEquals(v.toString(), 4, decided(v, "accepted").size());
            for (JsonNode q : biology.path("quiz").path("questions")) {
                JsonNode right = truth.get(q.path("prompt").asText());
                assertEquals("the key of " + q.path("id").asText() + " is the right one", right, q.path("answer"));
            }
            for (JsonNode q : v.path("questions")) {
                assertEquals(q.toString(), 3, q.path("solvers").size());
                assertTrue(q.toString(), q.path("agreement").asDouble() >= 0.66);
            }
            // the geology quiz: made again twice (max.regenerations) and still wrong: flagged, and the package fails
            JsonNode g = geology.path("verification");
            assertEquals(g.toString(), "partly_verified", g.path("status").asText());
            List<String> flagged = decided(g, "flagged");
            assertEquals(g.toString(), 1, flagged.size());
            JsonNode flaggedCheck = check(g, flagged.get(0));
            assertEquals(flaggedCheck.toString(), 2, flaggedCheck.path("regenerations").asInt());
            assertEquals(flaggedCheck.toString(), 0.0, flaggedCheck.path("agreement").asDouble(), 1e-9);
            assertFalse(geology.path("quality").path("passed").asBoolean());
            JsonNode finding = finding(geology, "answer_key_disputed");
            assertEquals(finding.toString(), "quiz." + flagged.get(0), finding.path("part").asText());
            String rightAnswer = String.join(" | ", texts(truth.get(question(geology, flagged.get(0)).path("prompt").asText())));
            assertTrue(finding.toString(), finding.path("message").asText().contains("answered " + rightAnswer));
            // every key the fake made wrong was caught: none is in a package unflagged
            int caught = 0;
            for (JsonNode pkg : List.of(biology, geology)) {
                for (JsonNode q : pkg.path("quiz").path("questions")) {
                    JsonNode wrong = corrupted.get(q.path("prompt").asText());
                    if (wrong != null && wrong.equals(q.path("answer"))) {
                        assertEquals("a wrong key left in the package: " + q, "flagged", check(pkg.path("verification"),
                                q.path("id").asText()).path("decision").asText());
                        caught++;
                    }
                }
            }
            assertEquals("the stubborn lesson's wrong key is the only one left, flagged", 1, caught);
            assertTrue("solvers never see a key: " + leaks, leaks.isEmpty());

            // the curriculum step: three candidates, three reviewers, chosen by the threshold strategy
            for (JsonNode pkg : List.of(biology, geology)) {
                JsonNode decisions = pkg.path("verification").path("decisions");
                assertEquals(decisions.toString(), 1, decisions.size());
                JsonNode d = decisions.get(0);
                assertEquals(d.toString(), "curriculum_analysis", d.path("step").asText());
                assertEquals(d.toString(), "threshold", d.path("strategy").asText());
                assertEquals(d.toString(), "chosen", d.path("outcome").asText());
                assertEquals(d.toString(), 3, d.path("candidates").asInt());
                assertEquals(d.toString(), 3, d.path("votes").size());
                assertEquals(d.toString(), 9, d.path("scores").size());
                assertEquals(d.toString(), 1, d.path("chosen").asInt());
            }
            assertEquals(6, rateCalls.get());

            // the verification as its own resource, for the owner only
            String tom = basic("tom", TOM_PASSWORD);
            String id = biology.path("id").asText();
            HttpResponse<String> shown = get("/api/v1/content/" + id + "/verification", tom);
            assertEquals(shown.body(), 200, shown.statusCode());
            assertEquals(shown.body(), v, json(shown).path("verification"));
            RuntimeIT.assertProblem(get("/api/v1/content/nope/verification", tom), 404);
            String status = executeCommand("toolbox:swarm-status");
            assertTrue(status, status.matches("(?s).*regenerated\\s*\\|\\s*1\\b.*") && status.contains("flagged"));
        } finally {
            configureSwarm(Map.of());
            setProvider("offline");
            fake.stop(0);
        }
    }

    @Test
    public void withoutTheSwarmLessonsSayTheyWereNotVerifiedAndInstallingItBringsVerificationBack() throws Exception {
        String tom = basic("tom", TOM_PASSWORD);
        String admin = bearer(adminToken());
        AtomicBoolean go = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger made = new AtomicInteger();
        ExecutorService teachers = Executors.newFixedThreadPool(2);
        try (Load load = new Load(admin)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int teacher = t;
                running.add(teachers.submit(() -> {
                    int n = 0;
                    while (go.get()) {
                        n++;
                        try {
                            HttpResponse<String> r = lesson(tom, "Fractions round " + teacher + "-" + n);
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else {
                                made.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            executeCommand("feature:uninstall toolbox-swarm");
            Awaitility.await("the route goes").atMost(BOUND).until(() ->
                    get("/api/v1/content/x/verification", tom).statusCode() == 404
                            && contributor(get("/api/v1/health", admin).body(), "swarm").isMissingNode());
            HttpResponse<String> alone = lesson(tom, "Adding fractions with unlike denominators");
            assertEquals(alone.body(), 200, alone.statusCode());
            JsonNode lesson = json(alone);
            assertEquals(alone.body(), "not_verified", lesson.path("verification").path("status").asText());
            assertTrue(alone.body(), lesson.path("verification").path("note").asText().contains("toolbox-swarm"));
            assertEquals(alone.body(), "warning", finding(lesson, "verification").path("severity").asText().toLowerCase());
            try {
                executeCommand("toolbox:swarm-status");
                throw new AssertionError("toolbox:swarm-status is still there");
            } catch (AssertionError e) {
                throw e;
            } catch (Exception expected) {
                // its command went with it
                assertTrue(expected.toString(), expected.getClass().getSimpleName().contains("CommandNotFound"));
            }

            executeCommand("feature:install toolbox-swarm");
            Awaitility.await("the swarm is back").atMost(BOUND).ignoreExceptions().until(() ->
                    contributor(get("/api/v1/health", admin).body(), "swarm").path("status").asText().equals("UP"));
            HttpResponse<String> again = lesson(tom, "Multiplying fractions by whole numbers");
            assertEquals(again.body(), 200, again.statusCode());
            JsonNode verified = json(again).path("verification");
            // offline, the arithmetic questions are checked by the deterministic solver, with no model
            assertFalse(again.body(), verified.path("status").asText().equals("not_verified"));
            boolean deterministic = false;
            for (JsonNode q : verified.path("questions")) {
                for (JsonNode s : q.path("solvers")) {
                    deterministic |= s.path("deterministic").asBoolean() && s.path("solver").asText().equals("arithmetic")
                            && s.path("agrees").asBoolean();
                }
            }
            assertTrue(again.body(), deterministic);
            String id = json(again).path("id").asText();
            Awaitility.await("its route is back").atMost(BOUND).until(() ->
                    get("/api/v1/content/" + id + "/verification", tom).statusCode() == 200);

            go.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            assertTrue("lessons made meanwhile: " + made.get(), made.get() >= 2);
            assertTrue("teachers' requests failed while the swarm came and went: " + failures, failures.isEmpty());
            load.assertNoFailures();
        } finally {
            go.set(false);
            teachers.shutdownNow();
            executeCommand("feature:install toolbox-swarm");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> lesson(String caller, String objective) throws Exception {
        String body = JSON.writeValueAsString(Map.of("subject", "Mathematics", "grade_level", 5,
                "learning_objectives", List.of(objective), "duration_minutes", 30, "quiz", Map.of("question_count", 5)));
        return send(HttpRequest.newBuilder(uri("/api/v1/content?wait=120")).header("Authorization", caller)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode make(String subject, String objective) throws Exception {
        String body = JSON.writeValueAsString(Map.of("subject", subject, "grade_level", 6, "learning_objectives", List.of(objective),
                "duration_minutes", 30, "quiz", Map.of("question_count", 5)));
        HttpResponse<String> made = send(HttpRequest.newBuilder(uri("/api/v1/content?wait=120"))
                .header("Authorization", basic("tom", TOM_PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(made.body(), 200, made.statusCode());
        return json(made);
    }

    private static List<String> decided(JsonNode verification, String decision) {
        List<String> ids = new ArrayList<>();
        verification.path("questions").forEach(q -> {
            if (q.path("decision").asText().equals(decision)) {
                ids.add(q.path("question_id").asText());
            }
        });
        return ids;
    }

    private static JsonNode check(JsonNode verification, String id) {
        for (JsonNode q : verification.path("questions")) {
            if (q.path("question_id").asText().equals(id)) {
                return q;
            }
        }
        throw new AssertionError("no check of " + id + " in " + verification);
    }

    private static JsonNode question(JsonNode pkg, String id) {
        for (JsonNode q : pkg.path("quiz").path("questions")) {
            if (q.path("id").asText().equals(id)) {
                return q;
            }
        }
        throw new AssertionError("no question " + id);
    }

    private static JsonNode finding(JsonNode pkg, String check) {
        for (JsonNode f : pkg.path("quality").path("findings")) {
            if (f.path("check").asText().equals(check)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + check + " in " + pkg.path("quality"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }

    /**
     * What the fake model answers: the offline generator's answer for the structured facts (as a
     * capable model would), except that every quiz has one wrong key (its third or later question
     * of a type with one right answer) until the swarm's dispute is fed back, and the stubborn
     * lesson's stays wrong. Solvers get the right answer; reviewers prefer candidate 2.
     */
    private String answer(ChatModelProvider offline, JsonNode body) throws Exception {
        JsonNode messages = body.get("messages");
        String system = messages.get(0).path("content").asText();
        String user = messages.get(1).path("content").asText();
        StringBuilder rest = new StringBuilder();
        for (int i = 2; i < messages.size(); i++) {
            rest.append(messages.get(i).path("content").asText());
        }
        String marker = "Facts (JSON): ";
        int at = user.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the prompt carries no facts");
        }
        JsonNode shown = FACTS.readTree(user.substring(at + marker.length()));
        String task = shown.path("task").asText();
        if (task.equals("solve")) {
            solveCalls.incrementAndGet();
            String q = "Question (JSON): ";
            JsonNode question = JSON.readTree(user.substring(user.indexOf(q) + q.length(), at).trim());
            if (question.has("answer") || question.has("explanation")) {
                leaks.add(user);
            }
            JsonNode right = truth.get(question.path("prompt").asText());
            if (right == null) {
                throw new IllegalStateException("a question this model never wrote: " + question);
            }
            return JSON.writeValueAsString(Map.of("answer", right));
        }
        if (task.equals("rate")) {
            rateCalls.incrementAndGet();
            String c = "Candidates (JSON): ";
            JsonNode candidates = JSON.readTree(user.substring(user.indexOf(c) + c.length(), at).trim());
            List<Map<String, Object>> scores = new ArrayList<>();
            for (JsonNode candidate : candidates) {
                int n = candidate.path("candidate").asInt();
                double s = n == 2 ? 0.9 : 0.6;
                scores.add(Map.of("candidate", n, "curriculum_alignment", s, "accessibility", s, "quality", s, "confidence", 0.8));
            }
            return JSON.writeValueAsString(Map.of("scores", scores));
        }
        LessonFacts facts = FACTS.treeToValue(shown, LessonFacts.class);
        String text = offline.complete(new ModelRequest(task, system, user, facts, null)).text();
        if (task.equals("script")) {
            return "{\"items\": " + text + "}";
        }
        if (!task.equals("quiz")) {
            return text;
        }
        ObjectNode quiz = (ObjectNode) JSON.readTree(text);
        ArrayNode questions = (ArrayNode) quiz.path("questions");
        for (JsonNode q : questions) {
            truth.put(q.path("prompt").asText(), q.path("answer"));
        }
        boolean disputed = rest.toString().contains("Independent solvers");
        if (disputed && !STUBBORN.equals(facts.lesson().subject())) {
            return text;
        }
        // one of five (20%): the third or a later question, a multiple-choice or true/false one when there is one
        ObjectNode target = null;
        for (int i = 2; i < questions.size() && target == null; i++) {
            String type = questions.get(i).path("type").asText();
            if (type.equals("multiple_choice") || type.equals("true_false")) {
                target = (ObjectNode) questions.get(i);
            }
        }
        for (int i = 2; i < questions.size() && target == null; i++) {
            if (wrong(questions.get(i)) != null) {
                target = (ObjectNode) questions.get(i);
            }
        }
        if (target != null) {
            JsonNode wrong = wrong(target);
            target.set("answer", wrong);
            corrupted.put(target.path("prompt").asText(), wrong);
        }
        return JSON.writeValueAsString(quiz);
    }

    /** A wrong key of the question's shape: another option, the other truth value, another word. */
    private static JsonNode wrong(JsonNode q) {
        String key = q.path("answer").path(0).asText();
        ArrayNode wrong = JSON.createArrayNode();
        switch (q.path("type").asText()) {
            case "multiple_choice" -> {
                for (JsonNode o : q.path("options")) {
                    if (!o.asText().equals(key)) {
                        wrong.add(o.asText());
                        return wrong;
                    }
                }
                return null;
            }
            case "true_false" -> {
                return wrong.add(key.equals("true") ? "false" : "true");
            }
            case "short_answer", "fill_blank" -> {
                return wrong.add(key.equalsIgnoreCase("photosynthesis") ? "respiration" : "photosynthesis");
            }
            default -> {
                return null;
            }
        }
    }

    private void configureSwarm(Map<String, Object> values) throws IOException {
        Configuration swarm = configAdmin.getConfiguration("org.toolboxai.swarm", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("solvers", 3);
        props.put("max.regenerations", 2);
        values.forEach(props::put);
        swarm.update(props);
        Awaitility.await("the swarm reads its configuration").atMost(BOUND).ignoreExceptions().until(() ->
                executeCommand("toolbox:swarm-status").contains(values.containsKey("reviewers") ? (String) values.get("reviewers")
                        : "none (candidates off)"));
    }

    /** Points the openai provider at the fake and makes it the agents' provider. */
    private void useOpenAi(HttpServer fake) throws IOException {
        ChatCompletions.useOpenAi(configAdmin, fake, "itest-key", 20);
        Awaitility.await("the agents use openai").atMost(BOUND).until(() ->
                executeCommand("toolbox:providers").matches("(?s).*openai\\s*\\|\\s*fake-gpt\\s*\\|\\s*yes.*"));
    }

    private void setProvider(String name) throws IOException {
        ChatCompletions.setProvider(configAdmin, name);
    }
}
