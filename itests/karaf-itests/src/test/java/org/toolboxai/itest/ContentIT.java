package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.inject.Inject;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.ScriptChecker;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The product's main job with no configuration at all: a teacher's request becomes a checked package and Roblox files. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContentIT extends ToolboxTestSupport {

    /** The request of the issue, as it stands. */
    static final String EXAMPLE = "{\"subject\": \"Mathematics\", \"grade_level\": 7, \"learning_objectives\": [\"Fractions\", \"Decimals\"],"
            + " \"environment_type\": \"interactive_classroom\", \"duration_minutes\": 45,"
            + " \"include_quiz\": true, \"quiz\": {\"question_count\": 8}}";

    @Inject
    private ScriptChecker checker;

    @Inject
    private org.toolboxai.api.dictionary.Dictionary dictionary;

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(systemProperty("toolbox.lua.classpath").value(System.getProperty("toolbox.lua.classpath")));
        options.add(systemProperty("toolbox.corpus").value(System.getProperty("toolbox.corpus")));
        return options.toArray(Option[]::new);
    }

    @Test
    public void theExampleRequestYieldsACompleteCheckedPackageAndRobloxFiles() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        HttpResponse<String> made = post("/api/v1/content?wait=60", teacher, EXAMPLE);
        assertEquals(made.body(), 200, made.statusCode());
        String body = made.body();
        for (String part : new String[] {"\"lesson_plan\"", "\"environment\"", "\"quiz\"", "\"scripts\"", "\"quality\"",
                "\"passed\":true", "\"generator\":\"offline\"", "\"objective_id\":\"obj2\""}) {
            assertTrue(part + " in " + body, body.contains(part));
        }
        assertEquals(body, 8, count(body, "\"explanation\""));
        String location = made.headers().firstValue("Location").orElseThrow();

        // the README's round trip: the package as GET gives it goes through the check route unchanged
        HttpResponse<String> checked = post("/api/v1/content/check", teacher, get(location, teacher).body());
        assertEquals(checked.body(), 200, checked.statusCode());
        assertTrue(checked.body(), json(checked.body()).path("passed").asBoolean());
        JsonNode exports = json(get(location + "/exports", teacher));
        List<String> files = new ArrayList<>();
        exports.forEach(e -> files.add(e.path("id").asText() + " " + e.path("file_name").asText() + " " + e.path("href").asText()));
        // the roblox bundle's two formats and the LMS files' two (toolbox-lms-files is at boot)
        assertEquals(List.of("cartridge cartridge.imscc " + location + "/export/cartridge.imscc",
                "place place.rbxlx " + location + "/export/place.rbxlx", "qti qti.zip " + location + "/export/qti.zip",
                "rojo rojo.zip " + location + "/export/rojo.zip"), files);
        HttpResponse<byte[]> zip = bytes(location + "/export/rojo.zip", teacher);
        assertEquals(200, zip.statusCode());
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        List<String> entries = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
                if (e.getName().endsWith(".luau")) {
                    String source = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    assertEquals(e.getName(), List.of(), checker.check(new LuauScript(e.getName(), ScriptKind.SERVER, source)));
                    sources.put("rojo.zip " + e.getName(), source);
                }
            }
        }
        assertTrue(entries.toString(), entries.contains("default.project.json"));
        assertTrue(entries.toString(), entries.stream().anyMatch(n -> n.startsWith("src/server/") && n.endsWith(".server.luau")));
        assertTrue(entries.toString(), entries.stream().anyMatch(n -> n.startsWith("src/client/") && n.endsWith(".client.luau")));

        HttpResponse<byte[]> place = bytes(location + "/export/place.rbxlx", teacher);
        assertEquals(200, place.statusCode());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(place.body()));
        assertEquals("roblox", xml.getDocumentElement().getTagName());
        assertEquals("4", xml.getDocumentElement().getAttribute("version"));
        NodeList items = xml.getElementsByTagName("Item");
        int scripts = 0;
        boolean spawn = false;
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            String cls = item.getAttribute("class");
            spawn |= cls.equals("SpawnLocation");
            if (cls.equals("Script") || cls.equals("LocalScript") || cls.equals("ModuleScript")) {
                scripts++;
                NodeList props = item.getElementsByTagName("ProtectedString");
                String source = props.item(0).getTextContent();
                assertEquals(cls, List.of(), checker.check(new LuauScript("rbxlx", ScriptKind.SERVER, source)));
                sources.put("place.rbxlx " + cls + " #" + scripts, source);
            }
        }
        assertTrue("a spawn location", spawn);
        assertTrue("scripts in the place: " + scripts, scripts >= 4);

        // an independent judge: the reference Lua 5.1 compiler (C, through JNI), not the product's LuaJ checker
        try (RealLua lua = new RealLua(System.getProperty("toolbox.lua.classpath"))) {
            assertTrue("the judge can refuse", lua.syntaxError("local x += 1") != null);
            for (Map.Entry<String, String> script : sources.entrySet()) {
                assertEquals(script.getKey(), null, lua.syntaxError(script.getValue()));
            }
        }
        assertTrue("scripts judged: " + sources.keySet(), sources.size() >= 8);

        RuntimeIT.assertProblem(get(location + "/export/nope.bin", teacher), 404);

        // the same request again is answered from the cache, with the same content
        HttpResponse<String> again = post("/api/v1/content?wait=60", teacher, EXAMPLE);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("hit", again.headers().firstValue("X-Cache").orElse(""));
        assertEquals(location, again.headers().firstValue("Location").orElse(""));
    }

    @Test
    public void withoutWaitingTheRequestIsAcceptedAndTheResultFollows() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        HttpResponse<String> accepted = post("/api/v1/content", teacher, EXAMPLE.replace("Fractions", "Percentages"));
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        Awaitility.await("the package is ready").atMost(Duration.ofSeconds(60)).until(() -> get(location, teacher).statusCode() == 200);
        // another teacher's content is not visible to a viewer who is not its owner
        RuntimeIT.assertProblem(get(location, bearer(executeTokenFor("viewer"))), 404);
    }

    @Test
    public void theShellGeneratesThePackageToo() throws Exception {
        String out = executeCommand("toolbox:generate --subject Science --grade 5 --objective \"Plant cells\" --objective Photosynthesis --questions 4");
        // outside mathematics the offline generator makes a scaffold, and the shell says so with the finding
        assertTrue(out, out.contains("COMPLETED") && out.contains("Quality    FAILED") && out.contains("questions 4")
                && out.contains("error generator_limit") && out.contains("Scaffold only: the offline generator knows no Science")
                && out.contains("/export/place.rbxlx"));
        Exception invalid = org.junit.Assert.assertThrows(Exception.class,
                () -> executeCommand("toolbox:generate --subject Science --grade 40 --objective x"));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("grade_level"));
    }

    @Test
    public void theOfflineProviderIsActiveAndHealthy() throws Exception {
        String providers = executeCommand("toolbox:providers");
        assertTrue(providers, providers.contains("offline") && providers.contains("yes"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                contributor(get("/api/v1/health", bearer(adminToken())).body(), "model-provider").path("status").asText()
                        .equals("UP"));
    }

    @Test
    public void invalidRequestsListEveryInvalidField() throws Exception {
        HttpResponse<String> bad = post("/api/v1/content", basic("tom", TOM_PASSWORD),
                "{\"subject\": \"\", \"grade_level\": 14, \"learning_objectives\": [], \"environment_type\": \"volcano\","
                        + " \"duration_minutes\": 500, \"quiz\": {\"question_count\": 99, \"question_types\": [\"essay\"]}}");
        RuntimeIT.assertProblem(bad, 400);
        List<String> badFields = new java.util.ArrayList<>();
        json(bad.body()).path("errors").forEach(e -> badFields.add(e.path("field").asText()));
        assertTrue(bad.body(), badFields.containsAll(List.of("subject", "grade_level", "learning_objectives",
                "environment_type", "duration_minutes", "quiz.question_count", "quiz.question_types")));
        RuntimeIT.assertProblem(post("/api/v1/content", basic("tom", TOM_PASSWORD), "{\"subject\": \"Math\", \"colour\": 1}"), 400);
        // unknown fields do not hide the invalid values: one 400 lists every problem
        List<String> fields = errorFields(post("/api/v1/content", basic("tom", TOM_PASSWORD),
                "{\"subject\": \"\", \"colour\": \"red\", \"grade_level\": 14, \"learning_objectives\": [\"Cells\"],"
                        + " \"quiz\": {\"question_count\": 0, \"shape\": 1}}"));
        assertEquals(fields.toString(), 5, fields.size());
        assertEquals(Set.of("colour", "quiz.shape", "subject", "grade_level", "quiz.question_count"), Set.copyOf(fields));
    }

    @Test
    public void gradesRunFromKindergartenToUniversityOnContentAndInEveryTemplate() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        JsonNode templates = json(get("/api/v1/workflow-templates", teacher)).path("templates");
        assertTrue(templates.toString(), templates.size() >= 3);
        for (JsonNode template : templates) {
            JsonNode grade = template.path("parameters").path("grade_level");
            assertEquals(template.path("name").asText(), 0, grade.path("min").asInt(-1));
            assertEquals(template.path("name").asText(), 13, grade.path("max").asInt(-1));
        }
        // 13 (university) passes /content's own check, 14 does not; the empty subject keeps it from starting a run
        assertEquals(List.of("subject"), errorFields(post("/api/v1/content", teacher,
                "{\"subject\": \"\", \"grade_level\": 13, \"learning_objectives\": [\"Cells\"]}")));
        assertEquals(List.of("subject", "grade_level"), errorFields(post("/api/v1/content", teacher,
                "{\"subject\": \"\", \"grade_level\": 14, \"learning_objectives\": [\"Cells\"]}")));
    }

    /** The fields a 400 problem lists, in its order. */
    private static List<String> errorFields(HttpResponse<String> response) throws Exception {
        RuntimeIT.assertProblem(response, 400);
        List<String> fields = new ArrayList<>();
        json(response).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    private String executeTokenFor(String role) throws Exception {
        String name = "content-" + role + "-" + System.nanoTime();
        String out = executeCommand("toolbox:token-create --role " + role + " " + name);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(tbx_[A-Za-z0-9_-]+)").matcher(out);
        assertTrue(out, m.find());
        return m.group(1);
    }


    private HttpResponse<byte[]> bytes(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The corpus of the checks (bundles/agents/src/test/resources/corpus) through the running
     * distribution: the good package passes, each defective one fails with a finding of the check
     * that must catch it (the Luau syntax one too, with the roblox bundle's parser), and a
     * package that is not one is a 400 listing what is wrong.
     */
    @Test
    public void everyDefectOfTheCorpusFailsThroughTheCheckRoute() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        java.nio.file.Path corpus = java.nio.file.Path.of(System.getProperty("toolbox.corpus"));
        JsonNode good = json(post("/api/v1/content/check", teacher,
                java.nio.file.Files.readString(corpus.resolve("good-package.json"))));
        assertTrue(good.toString(), good.path("passed").asBoolean());

        JsonNode defects = json(java.nio.file.Files.readString(corpus.resolve("defects.json")));
        assertTrue(defects.size() >= 20);
        for (JsonNode defect : defects) {
            HttpResponse<String> checked = post("/api/v1/content/check", teacher,
                    java.nio.file.Files.readString(corpus.resolve(defect.path("file").asText())));
            assertEquals(checked.body(), 200, checked.statusCode());
            JsonNode report = json(checked.body());
            assertEquals(defect.path("file").asText(), false, report.path("passed").asBoolean());
            boolean found = false;
            for (JsonNode finding : report.path("findings")) {
                found |= finding.path("severity").asText().equals("error")
                        && finding.path("check").asText().equals(defect.path("check").asText())
                        && finding.path("part").asText().equals(defect.path("part").asText());
            }
            assertTrue(defect + " in " + report, found);
        }

        HttpResponse<String> empty = post("/api/v1/content/check", teacher, "{\"quiz\": null}");
        assertEquals(empty.body(), 400, empty.statusCode());
        List<String> fields = new ArrayList<>();
        json(empty.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(List.of("lesson_plan", "environment"), fields);
        HttpResponse<String> wrong = post("/api/v1/content/check", teacher, "{\"lesson_plan\": 5, \"colour\": 1}");
        assertEquals(wrong.body(), 400, wrong.statusCode());
        RuntimeIT.assertProblem(wrong, 400);
    }

    /**
     * What the offline generator makes passes the same checks a client's package goes through, from
     * kindergarten to grade 12; outside mathematics it says it is a scaffold instead of passing.
     */
    @Test
    public void offlineMathematicsPassesTheChecksAcrossTheGradesAndOtherSubjectsAreScaffolds() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        String[][] lessons = {{"0", "Count to 20"}, {"3", "Multiply within 100"}, {"5", "Add and subtract fractions with unlike denominators"},
                {"7", "Area of a circle"}, {"8", "Pythagorean theorem"}, {"10", "Solve quadratic equations by factoring"}};
        for (String[] lesson : lessons) {
            String body = "{\"subject\": \"Mathematics\", \"grade_level\": " + lesson[0] + ", \"learning_objectives\": [\""
                    + lesson[1] + "\"], \"quiz\": {\"question_count\": 6, \"question_types\": [\"multiple_choice\", "
                    + "\"true_false\", \"short_answer\", \"fill_blank\", \"matching\", \"ordering\"]}}";
            HttpResponse<String> made = post("/api/v1/content?wait=60", teacher, body);
            assertEquals(made.body(), 200, made.statusCode());
            JsonNode quality = json(made.body()).path("quality");
            assertTrue(lesson[1] + ": " + quality, quality.path("passed").asBoolean());
        }
        // WordNet itself opens in the distribution (its data and properties are in the bundle)
        assertTrue("WordNet knows 'treaty'", dictionary.senses("treaty").stream().anyMatch(x -> x.definition().contains("agreement")));
        HttpResponse<String> history = post("/api/v1/content?wait=60", teacher,
                "{\"subject\": \"History\", \"grade_level\": 8, \"learning_objectives\": [\"Causes of World War I\"]}");
        JsonNode quality = json(history.body()).path("quality");
        // the vocabulary's meanings come from a dictionary (WordNet), not from the lesson's own words
        java.util.Map<String, String> vocabulary = new java.util.HashMap<>();
        json(history.body()).path("lesson_plan").path("vocabulary")
                .forEach(t -> vocabulary.put(t.path("term").asText(), t.path("definition").asText()));
        assertTrue(vocabulary.toString(), vocabulary.getOrDefault("treaty", "").contains("agreement")
                || vocabulary.getOrDefault("cause", "").contains("happen"));
        assertTrue(vocabulary.toString(), vocabulary.values().stream().noneMatch(d -> d.contains("lesson") || d.contains("goal")));
        assertEquals(history.body(), false, quality.path("passed").asBoolean());
        boolean scaffold = false;
        for (JsonNode f : quality.path("findings")) {
            scaffold |= f.path("check").asText().equals("generator_limit") && f.path("message").asText().contains("knows no History");
        }
        assertTrue(quality.toString(), scaffold);
    }
}
