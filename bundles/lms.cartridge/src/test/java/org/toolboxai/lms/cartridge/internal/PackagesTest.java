package org.toolboxai.lms.cartridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The QTI zip and the Common Cartridge of a lesson and of a course, with a question of every type:
 * every XML file valid against the IMS schemas, and read back with XPath (not the writer's code):
 * each kept question's right answer is the package's key, and the left-out ones are listed.
 */
class PackagesTest {

    static final Quiz.Question MC = new Quiz.Question("q1", "multiple_choice", "obj1", "What do plants make in sunlight?",
            List.of("Salt", "Sugar & oxygen", "Rock"), List.of("Sugar & oxygen"), 2, "Photosynthesis makes <sugar> and oxygen.");
    static final Quiz.Question TF = new Quiz.Question("q2", "true_false", "obj1", "Roots make food.", List.of(), List.of("false"), 1,
            "Leaves make food.");
    static final Quiz.Question SHORT = new Quiz.Question("q3", "short_answer", "obj2", "Name the green pigment.", List.of(),
            List.of("chlorophyll", "chlorophyl"), 1, null);
    static final Quiz.Question BLANK = new Quiz.Question("q4", "fill_blank", "obj2", "Plants need ___ to grow.", List.of(),
            List.of("light"), 1, "Light powers photosynthesis.");
    static final Quiz.Question MATCH = new Quiz.Question("q5", "matching", "obj1", "Match each part with its job.",
            List.of("leaf => makes food", "root => takes up water", "stem => carries water"),
            List.of("leaf => makes food", "root => takes up water", "stem => carries water"), 3, null);
    static final Quiz.Question ORDER = new Quiz.Question("q6", "ordering", "obj2", "Put the steps in order.",
            List.of("Sugar is made", "Light arrives", "Water is taken up"), List.of("Water is taken up", "Light arrives", "Sugar is made"),
            2, null);

    static ContentPackage lesson(String id, String title, List<Quiz.Question> questions) {
        LessonPlan plan = new LessonPlan(title, "science", "7", "How plants make food <and> why it matters.",
                List.of(new LessonPlan.Objective("obj1", "Explain photosynthesis"), new LessonPlan.Objective("obj2", "Name its inputs")),
                List.of(new LessonPlan.Activity("Leaf lab", "obj1", 20, "Look at leaves & roots.")),
                List.of(new LessonPlan.Term("chlorophyll", "the green pigment")), List.of("MS-LS1-6"));
        return new ContentPackage(id, plan, null, new Quiz(title + " quiz", questions), List.of(), null, null);
    }

    static CourseContent course() {
        ContentPackage one = lesson("c1-lesson1", "Plants", List.of(MC, TF, SHORT, BLANK, MATCH, ORDER));
        ContentPackage two = lesson("c1-lesson2", "Light", List.of(MC, BLANK));
        Quiz last = new Quiz("Final assessment", List.of(
                new Quiz.Question("F-L1-q1", MC.type(), MC.objectiveId(), MC.prompt(), MC.options(), MC.answer(), 1, null),
                new Quiz.Question("F-L2-q4", BLANK.type(), BLANK.objectiveId(), BLANK.prompt(), List.of(), BLANK.answer(), 1, null)));
        return new CourseContent("course-7", true, "Plants and light", "science", "7",
                List.of(new CourseContent.Lesson(1, "Plants", one), new CourseContent.Lesson(2, "Light", two)), last, one);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    @Test
    void theQtiZipHoldsEveryTypeValidAgainstQtiAndContentPackagingWithEachKeyAsThePackagesKey() throws Exception {
        CourseContent course = course();
        List<String> notes = new ArrayList<>();
        byte[] zip = Packages.bytes(out -> notes.addAll(Packages.writeQti(course, out)));

        Map<String, byte[]> files = unzip(zip);
        assertThat(files).containsOnlyKeys("imsmanifest.xml", "lesson-1/assessment.xml", "lesson-2/assessment.xml", "final/assessment.xml");
        assertThat(notes).isEmpty();
        assertThat(ImsSchemas.problems(ImsSchemas.CP, files.get("imsmanifest.xml"))).isEmpty();
        for (String name : List.of("lesson-1/assessment.xml", "lesson-2/assessment.xml", "final/assessment.xml")) {
            assertThat(ImsSchemas.problems(ImsSchemas.QTI, files.get(name))).as(name).isEmpty();
        }
        Document manifest = parse(files.get("imsmanifest.xml"));
        assertThat(strings(manifest, "//cp:resource[@type='imsqti_xmlv1p2']/cp:file/@href"))
                .containsExactly("lesson-1/assessment.xml", "lesson-2/assessment.xml", "final/assessment.xml");

        Map<String, List<String>> keys = rightAnswers(parse(files.get("lesson-1/assessment.xml")));
        assertThat(keys).containsOnlyKeys("q1", "q2", "q3", "q4", "q5", "q6");
        assertThat(keys.get("q1")).containsExactly("Sugar & oxygen");
        assertThat(keys.get("q2")).containsExactly("False");
        assertThat(keys.get("q3")).containsExactly("chlorophyll", "chlorophyl");
        assertThat(keys.get("q4")).containsExactly("light");
        assertThat(keys.get("q5")).containsExactly("leaf => makes food", "root => takes up water", "stem => carries water");
        // ordering as matching each item (in the order shown) to its position in the key
        assertThat(keys.get("q6")).containsExactly("Sugar is made => 3rd", "Light arrives => 2nd", "Water is taken up => 1st");
        assertThat(rightAnswers(parse(files.get("final/assessment.xml")))).containsOnlyKeys("F-L1-q1", "F-L2-q4");
    }

    @Test
    void theCartridgeIsValidCommonCartridgeOneOneWithAModulePerLessonAndListsWhatItLeftOut() throws Exception {
        CourseContent course = course();
        List<String> notes = new ArrayList<>();
        List<Packages.Attachment> roblox = List.of(new Packages.Attachment("place.rbxlx", "Roblox place (open in Roblox Studio)",
                "<roblox/>".getBytes(StandardCharsets.UTF_8)), new Packages.Attachment("rojo.zip", "Rojo project", new byte[] {1, 2, 3}));
        byte[] zip = Packages.bytes(out -> notes.addAll(Packages.writeCartridge(course, roblox, out)));

        Map<String, byte[]> files = unzip(zip);
        assertThat(ImsSchemas.problems(ImsSchemas.CC_MANIFEST, files.get("imsmanifest.xml"))).isEmpty();
        for (String name : List.of("lesson-1/assessment_qti.xml", "lesson-2/assessment_qti.xml", "final/assessment_qti.xml")) {
            assertThat(ImsSchemas.problems(ImsSchemas.CC_QTI, files.get(name))).as(name).isEmpty();
        }
        assertThat(notes).containsExactly(
                "lesson-1/q5: not exported, a Common Cartridge assessment has no matching questions; the QTI zip has it",
                "lesson-1/q6: not exported, a Common Cartridge assessment has no ordering questions; the QTI zip has it");
        assertThat(new String(files.get(Packages.NOTES), StandardCharsets.UTF_8)).contains("lesson-1/q5").contains("lesson-1/q6");
        assertThat(rightAnswers(parse(files.get("lesson-1/assessment_qti.xml")))).containsOnlyKeys("q1", "q2", "q3", "q4");

        Document manifest = parse(files.get("imsmanifest.xml"));
        // every file the manifest names is in the zip, and every item points at a resource that exists
        for (String href : strings(manifest, "//cc:file/@href")) {
            assertThat(files).as(href).containsKey(href);
        }
        List<String> resources = strings(manifest, "//cc:resource/@identifier");
        assertThat(strings(manifest, "//cc:item/@identifierref")).allMatch(resources::contains);
        // the organisation follows the course: a module per lesson, the place, then the final assessment
        assertThat(strings(manifest, "//cc:organization/cc:item/cc:item/cc:title")).containsExactly("Lesson 1: Plants", "Lesson 2: Light",
                "The course in Roblox", "Final assessment");
        assertThat(strings(manifest, "//cc:item[@identifier='I_lesson-1']/cc:item/cc:title")).containsExactly("Lesson plan", "Quiz");
        assertThat(strings(manifest, "//cc:resource[@type='imsqti_xmlv1p2/imscc_xmlv1p1/assessment']/cc:file/@href"))
                .containsExactly("lesson-1/assessment_qti.xml", "lesson-2/assessment_qti.xml", "final/assessment_qti.xml");
        assertThat(strings(manifest, "//lom:title/lom:string")).containsExactly("Plants and light");
        String page = new String(files.get("lesson-1/lesson-plan.html"), StandardCharsets.UTF_8);
        assertThat(page).contains("<h1>Plants</h1>").contains("How plants make food &lt;and&gt; why it matters.")
                .contains("Look at leaves &amp; roots.").doesNotContain("<and>");
        assertThat(files.get("roblox/place.rbxlx")).isEqualTo("<roblox/>".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSingleLessonIsOneModuleWithItsPlanQuizAndPlaceAndNoFinalAssessment() throws Exception {
        ContentPackage pkg = lesson("lesson-9", "Fractions", List.of(MC, TF));
        CourseContent lesson = CourseContent.ofLesson("lesson-9", pkg);
        byte[] zip = Packages.bytes(out -> Packages.writeCartridge(lesson, List.of(new Packages.Attachment("place.rbxlx", "Roblox place",
                new byte[] {7})), out));

        Map<String, byte[]> files = unzip(zip);
        assertThat(ImsSchemas.problems(ImsSchemas.CC_MANIFEST, files.get("imsmanifest.xml"))).isEmpty();
        assertThat(files).doesNotContainKey(Packages.NOTES).doesNotContainKey("final/assessment_qti.xml");
        Document manifest = parse(files.get("imsmanifest.xml"));
        assertThat(strings(manifest, "//cc:organization/cc:item/cc:item/cc:title")).containsExactly("Fractions");
        assertThat(strings(manifest, "//cc:item[@identifier='I_lesson-1']/cc:item/cc:title")).containsExactly("Lesson plan", "Quiz",
                "Roblox place");
    }

    @Test
    void aKeyThatDoesNotFitItsOptionsIsLeftOutAndSaid() throws Exception {
        Quiz.Question off = new Quiz.Question("q9", "multiple_choice", "obj1", "Pick one", List.of("A", "B"), List.of("C"), 1, null);
        CourseContent lesson = CourseContent.ofLesson("lesson-3", lesson("lesson-3", "Edited", List.of(MC, off)));
        List<String> notes = new ArrayList<>();
        byte[] zip = Packages.bytes(out -> notes.addAll(Packages.writeQti(lesson, out)));

        assertThat(notes).containsExactly("lesson-1/q9: not exported, its answer key does not fit its options");
        Map<String, byte[]> files = unzip(zip);
        assertThat(ImsSchemas.problems(ImsSchemas.QTI, files.get("lesson-1/assessment.xml"))).isEmpty();
        assertThat(rightAnswers(parse(files.get("lesson-1/assessment.xml")))).containsOnlyKeys("q1");
    }

    @Test
    void theSchemasRefuseWhatTheProfilesDoNotAllow() throws Exception {
        // the validators bite: the QTI zip's matching (scores added up) is no Common Cartridge QTI, and a
        // cartridge manifest that says another version is refused
        Map<String, byte[]> qti = unzip(Packages.bytes(out -> Packages.writeQti(course(), out)));
        assertThat(ImsSchemas.problems(ImsSchemas.CC_QTI, qti.get("lesson-1/assessment.xml"))).isNotEmpty()
                .anyMatch(p -> p.contains("Add"));
        byte[] manifest = unzip(Packages.bytes(out -> Packages.writeCartridge(course(), List.of(), out))).get("imsmanifest.xml");
        byte[] wrongVersion = new String(manifest, StandardCharsets.UTF_8).replace("<schemaversion>1.1.0<", "<schemaversion>1.2.0<")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ImsSchemas.problems(ImsSchemas.CC_MANIFEST, manifest)).isEmpty();
        assertThat(ImsSchemas.problems(ImsSchemas.CC_MANIFEST, wrongVersion)).isNotEmpty().anyMatch(p -> p.contains("1.2.0"));
    }

    // --- an independent reading of what was written ---

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static XPath xpath() {
        XPath x = XPathFactory.newInstance().newXPath();
        Map<String, String> ns = Map.of("q", QtiWriter.NS, "cp", "http://www.imsglobal.org/xsd/imscp_v1p1", "cc",
                "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "lom", "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest");
        x.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return ns.get(prefix);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return x;
    }

    static List<String> strings(Object node, String path) throws Exception {
        NodeList nodes = (NodeList) xpath().evaluate(path, node, XPathConstants.NODESET);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add(nodes.item(i).getTextContent());
        }
        return list;
    }

    /**
     * Per item title (the question id): the answers that score. A choice's label text; a text
     * answer's accepted strings; for a response per left-hand item, "left => the chosen label's text".
     */
    static Map<String, List<String>> rightAnswers(Document qti) throws Exception {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        XPath x = xpath();
        NodeList items = (NodeList) x.evaluate("//q:item", qti, XPathConstants.NODESET);
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            List<String> answers = new ArrayList<>();
            NodeList conditions = (NodeList) x.evaluate("q:resprocessing/q:respcondition[q:setvar > 0]", item, XPathConstants.NODESET);
            for (int c = 0; c < conditions.getLength(); c++) {
                for (String respident : strings(conditions.item(c), "q:conditionvar/q:varequal/@respident")) {
                    String value = x.evaluate("q:conditionvar/q:varequal[@respident='" + respident + "']", conditions.item(c));
                    String label = x.evaluate(".//q:response_lid[@ident='" + respident + "']//q:response_label[@ident='" + value
                            + "']/q:material/q:mattext", item);
                    String left = x.evaluate(".//q:response_lid[@ident='" + respident + "']/q:material/q:mattext", item);
                    boolean lid = !strings(item, ".//q:response_lid[@ident='" + respident + "']").isEmpty();
                    answers.add(!lid ? value : left.isEmpty() ? label : left + " => " + label);
                }
            }
            keys.put(item.getAttribute("title"), answers);
        }
        return keys;
    }
}
