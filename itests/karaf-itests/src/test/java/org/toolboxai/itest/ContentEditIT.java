package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.QuizModules;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A teacher edits a finished package over REST (issue 9, part 2): the ETag names the version, an
 * edit needs it, the checks judge the edit again, and the exports follow the newest version.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContentEditIT extends ToolboxTestSupport {

    private static final String STATION = "Fraction Workshop";
    private static final String REWRITTEN = "What is 1/2 + 1/4?";

    private HttpResponse<String> put(String path, String authorization, String ifMatch, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    private HttpResponse<byte[]> bytes(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    public void aTeacherEditsTheQuizAndTheNewestVersionIsServedAndExported() throws Exception {
        String teacher = basic("tom", TOM_PASSWORD);
        HttpResponse<String> made = post("/api/v1/content?wait=60", teacher, ContentIT.EXAMPLE);
        assertEquals(made.body(), 200, made.statusCode());
        String location = made.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> shown = get(location, teacher);
        assertEquals(shown.body(), 200, shown.statusCode());
        assertEquals("\"v1\"", shown.headers().firstValue("ETag").orElse(""));
        ObjectNode edited = (ObjectNode) json(shown);
        assertTrue(shown.body(), edited.path("quality").path("passed").asBoolean());

        // remove the last question of an objective that has another; rewrite the first question of obj1
        ArrayNode questions = (ArrayNode) edited.path("quiz").path("questions");
        int before = questions.size();
        Map<String, Integer> perObjective = new HashMap<>();
        questions.forEach(q -> perObjective.merge(q.path("objective_id").asText(), 1, Integer::sum));
        int removed = -1;
        for (int i = questions.size() - 1; i >= 0 && removed < 0; i--) {
            if (perObjective.get(questions.get(i).path("objective_id").asText()) > 1) {
                removed = i;
            }
        }
        assertTrue("a question that can go: " + perObjective, removed >= 0);
        String removedId = questions.get(removed).path("id").asText();
        questions.remove(removed);
        ObjectNode rewritten = null;
        for (JsonNode q : questions) {
            if (q.path("objective_id").asText().equals("obj1") && rewritten == null) {
                rewritten = (ObjectNode) q;
            }
        }
        assertTrue(edited.toString(), rewritten != null);
        String rewrittenId = rewritten.path("id").asText();
        rewritten.put("type", "multiple_choice").put("prompt", REWRITTEN)
                .put("explanation", "Write 1/2 as 2/4; then 2/4 + 1/4 = 3/4.");
        rewritten.set("options", JSON.createArrayNode().add("3/4").add("2/6").add("1/8").add("2/4"));
        rewritten.set("answer", JSON.createArrayNode().add("3/4"));
        // and rename the first station, whose sign the exports write
        ((ObjectNode) edited.path("environment").path("stations").get(0)).put("name", STATION);

        // no If-Match: 428; another teacher: 404; the body of something else: 400
        RuntimeIT.assertProblem(put(location, teacher, null, edited.toString()), 428);
        String ann = bearer(teacherToken());
        RuntimeIT.assertProblem(put(location, ann, "\"v1\"", edited.toString()), 404);
        HttpResponse<String> notAPackage = put(location, teacher, "\"v1\"", "{\"quiz\": {\"questions\": []}, \"colour\": 3}");
        RuntimeIT.assertProblem(notAPackage, 400);
        List<String> fields = new ArrayList<>();
        json(notAPackage).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(notAPackage.body(), List.of("colour", "quiz.questions"), fields);

        HttpResponse<String> saved = put(location, teacher, "\"v1\"", edited.toString());
        assertEquals(saved.body(), 200, saved.statusCode());
        assertEquals("\"v2\"", saved.headers().firstValue("ETag").orElse(""));
        JsonNode v2 = json(saved);
        assertEquals(before - 1, v2.path("quiz").path("questions").size());
        JsonNode quality = v2.path("quality");
        // the report is made again; the generated scripts read QuizData and QuizKeys, which the exports
        // write from this version, so they are not outdated
        List<String> findings = new ArrayList<>();
        quality.path("findings").forEach(f -> findings.add(f.path("check").asText() + " " + f.path("part").asText()));
        assertFalse(quality.toString(), findings.stream().anyMatch(f -> f.startsWith("scripts_outdated")));
        assertTrue(quality.toString(), quality.path("passed").asBoolean());

        // the stale ETag is refused, naming the current one
        HttpResponse<String> stale = put(location, teacher, "\"v1\"", edited.toString());
        RuntimeIT.assertProblem(stale, 412);
        assertEquals("\"v2\"", stale.headers().firstValue("ETag").orElse(""));
        assertEquals("\"v2\"", json(stale).path("etag").asText());

        HttpResponse<String> newest = get(location, teacher);
        assertEquals("\"v2\"", newest.headers().firstValue("ETag").orElse(""));
        List<String> ids = new ArrayList<>();
        json(newest).path("quiz").path("questions").forEach(q -> {
            ids.add(q.path("id").asText());
            if (q.path("id").asText().equals(rewrittenId)) {
                assertEquals(REWRITTEN, q.path("prompt").asText());
            }
        });
        assertFalse(ids.toString(), ids.contains(removedId));
        assertTrue(ids.toString(), ids.contains(rewrittenId));

        JsonNode versions = json(get(location + "/versions", teacher));
        assertEquals(versions.toString(), 2, versions.size());
        assertEquals(1, versions.get(0).path("number").asInt());
        assertTrue(versions.toString(), versions.get(0).path("passed").asBoolean());
        assertEquals(2, versions.get(1).path("number").asInt());
        assertEquals("tom", versions.get(1).path("author").asText());
        assertTrue(versions.toString(), versions.get(1).path("passed").asBoolean());
        HttpResponse<String> first = get(location + "/versions/1", teacher);
        assertEquals("\"v1\"", first.headers().firstValue("ETag").orElse(""));
        assertEquals(before, json(first).path("quiz").path("questions").size());

        // the exports are made from version 2
        assertTrue("place.rbxlx signs", placeTexts(bytes(location + "/export/place.rbxlx", teacher).body()).contains(STATION));
        assertTrue("rojo.zip workspace", rojoTexts(bytes(location + "/export/rojo.zip", teacher).body()).contains(STATION));

        // and their QuizData and QuizKeys are version 2's quiz: exactly the modules written from it, the
        // keys only in ServerStorage (the place's service, the Rojo project's folder mapped to it)
        ContentPackage current = PACKAGE.treeToValue(json(newest), ContentPackage.class);
        String data = QuizModules.quizData(current.lessonPlan().title().strip(), current.environment(), current.quiz(),
                QuizModules.progressStore(current.id()));
        String keys = QuizModules.quizKeys(current.quiz());
        assertTrue(data, data.contains("prompt = " + QuizModules.str(REWRITTEN)));
        assertFalse(data, data.contains("id = " + QuizModules.str(removedId) + ","));
        assertTrue(keys, keys.contains("[" + QuizModules.str(rewrittenId) + "] = { kind = \"multiple_choice\", accepted = { \"3/4\" }"));
        assertFalse(keys, keys.contains("[" + QuizModules.str(removedId) + "]"));

        Document place = parseXml(bytes(location + "/export/place.rbxlx", teacher).body());
        assertEquals(List.of("ReplicatedStorage"), parentsOf(place, "ModuleScript", "QuizData"));
        assertEquals(List.of("ServerStorage"), parentsOf(place, "ModuleScript", "QuizKeys"));
        assertEquals(data, sourceOf(place, "QuizData"));
        assertEquals(keys, sourceOf(place, "QuizKeys"));

        Map<String, String> rojo = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes(location + "/export/rojo.zip", teacher).body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                rojo.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(data, rojo.get("src/shared/QuizData.luau"));
        assertEquals(keys, rojo.get("src/serverstorage/QuizKeys.luau"));
        JsonNode tree = json(rojo.get("default.project.json")).path("tree");
        assertEquals("src/serverstorage", tree.path("ServerStorage").path("$path").asText());
        assertEquals("src/shared", tree.path("ReplicatedStorage").path("$path").asText());
        assertTrue(rojo.keySet().toString(), rojo.keySet().stream().filter(n -> n.contains("QuizKeys")).toList()
                .equals(List.of("src/serverstorage/QuizKeys.luau")));

        // the cache answers the same request with the newest version too
        HttpResponse<String> again = post("/api/v1/content?wait=60", teacher, ContentIT.EXAMPLE);
        assertEquals("hit", again.headers().firstValue("X-Cache").orElse(""));
        assertEquals(before - 1, json(again).path("quiz").path("questions").size());
    }

    /** The package as GET returns it: snake_case, enums by their wire names. */
    private static final ObjectMapper PACKAGE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static Document parseXml(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setCoalescing(true); // CDATA sections split around ]]> read as one text
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The Item's Name property. */
    private static String itemName(Element item) {
        for (org.w3c.dom.Node n = item.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element props && props.getTagName().equals("Properties")) {
                for (org.w3c.dom.Node p = props.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element e && e.getTagName().equals("string") && e.getAttribute("name").equals("Name")) {
                        return e.getTextContent();
                    }
                }
            }
        }
        return null;
    }

    private static List<Element> itemsNamed(Document place, String className, String name) {
        List<Element> found = new ArrayList<>();
        NodeList items = place.getElementsByTagName("Item");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            if (item.getAttribute("class").equals(className) && name.equals(itemName(item))) {
                found.add(item);
            }
        }
        return found;
    }

    /** The classes of the items that hold an item of that class and name, one per such item. */
    private static List<String> parentsOf(Document place, String className, String name) {
        return itemsNamed(place, className, name).stream().map(e -> ((Element) e.getParentNode()).getAttribute("class")).toList();
    }

    private static String sourceOf(Document place, String moduleName) {
        Element module = itemsNamed(place, "ModuleScript", moduleName).get(0);
        NodeList sources = module.getElementsByTagName("ProtectedString");
        assertEquals(1, sources.getLength());
        return sources.item(0).getTextContent();
    }

    private String teacherToken() throws Exception {
        String out = executeCommand("toolbox:token-create --role teacher ann-" + System.nanoTime());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(tbx_[A-Za-z0-9_-]+)").matcher(out);
        assertTrue(out, m.find());
        return m.group(1);
    }

    /** Every string property of the place file's items. */
    private static List<String> placeTexts(byte[] place) throws Exception {
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(place));
        NodeList strings = xml.getElementsByTagName("string");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < strings.getLength(); i++) {
            texts.add(((Element) strings.item(i)).getTextContent());
        }
        return texts;
    }

    /** Every string value in the Rojo project's workspace models. */
    private static List<String> rojoTexts(byte[] zip) throws Exception {
        List<String> texts = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().startsWith("workspace/") && e.getName().endsWith(".model.json")) {
                    collect(json(new String(in.readAllBytes(), StandardCharsets.UTF_8)), texts);
                }
            }
        }
        return texts;
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }
}
