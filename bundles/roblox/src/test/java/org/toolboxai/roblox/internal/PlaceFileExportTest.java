package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.Quiz;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class PlaceFileExportTest {

    private final PlaceFileExport export = new PlaceFileExport();
    private final LuaJScriptChecker checker = new LuaJScriptChecker();

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setCoalescing(true); // adjacent CDATA sections and references read as one text
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    static List<Element> items(Document doc, String className) {
        List<Element> out = new ArrayList<>();
        var all = doc.getElementsByTagName("Item");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (className == null || e.getAttribute("class").equals(className)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The value of the item's property element of that type and name, or {@code null}. */
    static Element property(Element item, String type, String name) {
        Element props = child(item, "Properties");
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(type) && e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        return null;
    }

    static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    static String name(Element item) {
        return property(item, "string", "Name").getTextContent();
    }

    static String source(Element item) {
        return property(item, "ProtectedString", "Source").getTextContent();
    }

    static Element parentItem(Element item) {
        return (Element) item.getParentNode();
    }

    static double component(Element value, String tag) {
        return Double.parseDouble(child(value, tag).getTextContent());
    }

    static Element named(Document doc, String className, String name) {
        return items(doc, className).stream().filter(e -> name(e).equals(name)).findFirst().orElseThrow();
    }

    @Test
    void describesItself() {
        assertThat(export.fileName()).isEqualTo("place.rbxlx");
        assertThat(export.contentType()).isEqualTo("application/xml");
    }

    @Test
    void isAVersion4RobloxDocument() throws Exception {
        byte[] xml = Fixtures.bytes(export, Fixtures.lesson());
        assertThat(new String(xml, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("roblox");
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("4");
        for (Element item : items(doc, null)) {
            assertThat(child(item, "Properties")).as("Properties of %s", item.getAttribute("class")).isNotNull();
        }
    }

    @Test
    void itemCountsMatchThePackage() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Document doc = parse(Fixtures.bytes(export, p));
        var env = p.environment();
        List<Element> enclosure = items(doc, "Part").stream().filter(e -> name(parentItem(e)).equals("Environment")).toList();
        assertThat(enclosure).extracting(PlaceFileExportTest::name)
                .containsExactly("NorthWall", "SouthWall", "EastWall", "WestWall", "Ceiling"); // a classroom has walls
        assertThat(items(doc, "Part")).hasSize(1 + env.zones().size() + env.stations().size() + env.props().size()
                + enclosure.size());
        assertThat(items(doc, "SpawnLocation")).hasSize(1);
        assertThat(items(doc, "BillboardGui")).hasSize(env.stations().size());
        assertThat(items(doc, "Lighting")).hasSize(1);
        assertThat(items(doc, "Script")).hasSize(2);
        assertThat(items(doc, "LocalScript")).hasSize(1);
        assertThat(items(doc, "ModuleScript")).hasSize(3); // StationUtil and the generated QuizData and QuizKeys
        for (String service : List.of("Workspace", "ServerScriptService", "StarterPlayer", "StarterPlayerScripts",
                "ReplicatedStorage")) {
            assertThat(items(doc, service)).as(service).hasSize(1);
        }
    }

    @Test
    void everythingIsWhereRobloxExpectsIt() throws Exception {
        Document doc = parse(Fixtures.bytes(export, Fixtures.lesson()));
        for (Element s : items(doc, "Script")) {
            assertThat(parentItem(s).getAttribute("class")).isEqualTo("ServerScriptService");
            assertThat(property(s, "bool", "Disabled").getTextContent()).isEqualTo("false");
        }
        for (Element s : items(doc, "LocalScript")) {
            assertThat(parentItem(s).getAttribute("class")).isEqualTo("StarterPlayerScripts");
            assertThat(parentItem(parentItem(s)).getAttribute("class")).isEqualTo("StarterPlayer");
        }
        for (Element s : items(doc, "ModuleScript")) {
            // the answer keys in ServerStorage, which is never replicated; every other module in ReplicatedStorage
            assertThat(parentItem(s).getAttribute("class")).as(name(s))
                    .isEqualTo(name(s).equals("QuizKeys") ? "ServerStorage" : "ReplicatedStorage");
        }
        for (Element part : items(doc, "Part")) {
            assertThat(property(part, "bool", "Anchored").getTextContent()).isEqualTo("true");
            Element workspace = parentItem(part);
            while (!workspace.getAttribute("class").equals("Workspace")) {
                workspace = parentItem(workspace);
            }
            assertThat(workspace.getParentNode()).isEqualTo(doc.getDocumentElement());
        }
        List<String> stationNames = items(doc, "Part").stream()
                .filter(e -> name(parentItem(e)).equals("Stations")).map(PlaceFileExportTest::name).toList();
        assertThat(stationNames).containsExactly("station1", "station2", "station3");
        Element station1 = named(doc, "Part", "station1");
        List<String> values = new ArrayList<>();
        for (Node n = station1.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("Item") && e.getAttribute("class").equals("StringValue")) {
                values.add(name(e) + "=" + property(e, "string", "Value").getTextContent());
            }
        }
        assertThat(values).containsExactly("DisplayName=Inputs & Outputs", "ObjectiveId=obj1", "ZoneId=zone1");
        assertThat(items(doc, "Part").stream().map(PlaceFileExportTest::name))
                .contains("Gas Exchange <Hall> & \"Vents\"");
    }

    @Test
    void theBaseplateCoversTheTerrainAndTheSpawnIsAtTheSpawnPoint() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Document doc = parse(Fixtures.bytes(export, p));
        Element baseplate = named(doc, "Part", "Baseplate");
        Element size = property(baseplate, "Vector3", "size");
        assertThat(component(size, "X")).isEqualTo(p.environment().terrain().x());
        assertThat(component(size, "Z")).isEqualTo(p.environment().terrain().z());
        Element cframe = property(baseplate, "CoordinateFrame", "CFrame");
        assertThat(component(cframe, "Y") + component(size, "Y") / 2).as("top of the baseplate").isEqualTo(0);
        for (String r : List.of("R00", "R01", "R02", "R10", "R11", "R12", "R20", "R21", "R22")) {
            assertThat(child(cframe, r)).as(r).isNotNull();
        }

        Element spawn = items(doc, "SpawnLocation").get(0);
        assertThat(name(spawn)).as("the name the scripts look for").isEqualTo("LobbySpawn");
        Element spawnAt = property(spawn, "CoordinateFrame", "CFrame");
        assertThat(component(spawnAt, "X")).isEqualTo(p.environment().spawn().x());
        assertThat(component(spawnAt, "Z")).isEqualTo(p.environment().spawn().z());
        assertThat(component(spawnAt, "Y") - component(property(spawn, "Vector3", "size"), "Y") / 2)
                .as("the spawn stands on the ground").isZero();
        // its front (LookVector = -(R02, R12, R22)) points at the stations, which lie north (+z) of it
        assertThat(-component(spawnAt, "R22")).isEqualTo(1);
        assertThat(-component(spawnAt, "R02")).isZero();
        assertThat(-component(spawnAt, "R12")).isZero();

        Element lamp = named(doc, "Part", "Sun Lamp");
        assertThat(Long.parseLong(property(lamp, "Color3uint8", "Color3uint8").getTextContent()))
                .isEqualTo(0xFFFFDD55L);
        assertThat(component(property(lamp, "CoordinateFrame", "CFrame"), "Y")).isEqualTo(10);
        Element leaf = named(doc, "Part", "Giant Leaf");
        assertThat(Long.parseLong(property(leaf, "Color3uint8", "Color3uint8").getTextContent()))
                .isEqualTo(0xFF44AA44L);
        Element zone = named(doc, "Part", "Leaf Lab");
        assertThat(component(property(zone, "Vector3", "size"), "Y")).isLessThan(1);
    }

    @Test
    void referentsAreUnique() throws Exception {
        List<Element> all = items(parse(Fixtures.bytes(export, Fixtures.lesson())), null);
        Set<String> referents = new HashSet<>();
        for (Element item : all) {
            assertThat(item.getAttribute("referent")).matches("RBX[0-9A-F]{32}");
            referents.add(item.getAttribute("referent"));
        }
        assertThat(referents).hasSize(all.size());
    }

    @Test
    void everyScriptInThePlaceParses() throws Exception {
        Document doc = parse(Fixtures.bytes(export, Fixtures.lesson()));
        List<Element> scripts = new ArrayList<>();
        for (String className : List.of("Script", "LocalScript", "ModuleScript")) {
            scripts.addAll(items(doc, className));
        }
        assertThat(scripts).hasSize(6);
        for (Element s : scripts) {
            assertThat(checker.check(new LuauScript(name(s), ScriptKind.MODULE, source(s)))).as(name(s)).isEmpty();
        }
    }

    @Test
    void scriptSourcesRoundTripExactlyEvenWithCdataEndsAndCarriageReturns() throws Exception {
        String tricky = "-- ]]> at the start of a line\r\nlocal a = \"]]]]>\"\r\nlocal b = [[ ]]>]]\rreturn a .. b ]]>";
        ContentPackage p = Fixtures.lesson(List.of(
                new LuauScript("QuizStation", ScriptKind.SERVER, Fixtures.QUIZ_STATION),
                new LuauScript("Tricky", ScriptKind.MODULE, tricky)));
        byte[] xml = Fixtures.bytes(export, p);
        assertThat(Fixtures.QUIZ_STATION).contains("]]>");
        Document doc = parse(xml);
        assertThat(source(named(doc, "Script", "QuizStation"))).isEqualTo(Fixtures.QUIZ_STATION);
        assertThat(source(named(doc, "ModuleScript", "Tricky"))).isEqualTo(tricky);
        for (Element s : items(doc, "Script")) {
            assertThat(source(s)).isEqualTo(Fixtures.QUIZ_STATION);
        }
    }

    /** The one item of that class and name, and where it is (its parent's class). */
    static Element only(Document doc, String className, String name) {
        List<Element> found = items(doc, className).stream().filter(e -> name(e).equals(name)).toList();
        assertThat(found).as(className + " " + name).hasSize(1);
        return found.get(0);
    }

    static LuaValue run(String source, String name) {
        Globals globals = JsePlatform.standardGlobals();
        globals.set("Vector3", LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("new"), new org.luaj.vm2.lib.VarArgFunction() {
            @Override
            public org.luaj.vm2.Varargs invoke(org.luaj.vm2.Varargs args) {
                return LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("X"), args.arg(1), LuaValue.valueOf("Y"), args.arg(2),
                    LuaValue.valueOf("Z"), args.arg(3)});
            }
        }}));
        return globals.load(source, name).call();
    }

    @Test
    void theQuizModuleHasThePromptsButNotTheAnswers() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Document doc = parse(Fixtures.bytes(export, p));
        Element module = only(doc, "ModuleScript", "QuizData");
        assertThat(parentItem(module).getAttribute("class")).isEqualTo("ReplicatedStorage");
        String quizData = source(module);

        assertThat(quizData).doesNotContain(Fixtures.SECRET_ANSWER).doesNotContainIgnoringCase("answer =")
                .doesNotContain("explanation").doesNotContain("accepted");
        for (Quiz.Question q : p.quiz().questions()) {
            assertThat(quizData).doesNotContain(q.explanation());
        }

        // run the module (in the test only) and read the table it returns
        LuaValue data = run(quizData, "QuizData");
        assertThat(data.get("title").tojstring()).isEqualTo(p.lessonPlan().title());
        assertThat(data.get("progressStore").tojstring()).isEqualTo("ToolboxProgress_run-7f3c2a");
        LuaTable stations = data.get("stations").checktable();
        assertThat(stations.length()).isEqualTo(p.environment().stations().size());
        for (int i = 0; i < stations.length(); i++) {
            assertThat(stations.get(i + 1).get("id").tojstring()).isEqualTo(p.environment().stations().get(i).id());
            assertThat(stations.get(i + 1).get("position").get("X").todouble())
                    .isEqualTo(p.environment().stations().get(i).position().x());
        }
        LuaTable questions = data.get("questions").checktable();
        assertThat(questions.length()).isEqualTo(p.quiz().questions().size());
        for (int i = 0; i < p.quiz().questions().size(); i++) {
            Quiz.Question expected = p.quiz().questions().get(i);
            LuaValue q = questions.get(i + 1);
            assertThat(q.get("id").tojstring()).isEqualTo(expected.id());
            assertThat(q.get("prompt").tojstring()).isEqualTo(expected.prompt());
            assertThat(q.get("type").tojstring()).isEqualTo(expected.type());
            assertThat(q.get("objectiveId").tojstring()).isEqualTo(expected.objectiveId());
            assertThat(q.get("station").tojstring()).isEqualTo(p.environment().stations().stream()
                    .filter(st -> st.objectiveId().equals(expected.objectiveId())).findFirst().orElseThrow().id());
            assertThat(q.get("points").toint()).isEqualTo(expected.points());
            assertThat(q.get("answer").isnil()).isTrue();
            assertThat(q.get("explanation").isnil()).isTrue();
            LuaTable options = q.get("options").checktable();
            List<String> read = new ArrayList<>();
            for (int k = 1; k <= options.length(); k++) {
                read.add(options.get(k).tojstring());
            }
            assertThat(read).isEqualTo(expected.type().equals("true_false") ? List.of("true", "false") : expected.options());
        }
    }

    @Test
    void theAnswerKeysAreOnlyInServerStorage() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Document doc = parse(Fixtures.bytes(export, p));
        Element keys = only(doc, "ModuleScript", "QuizKeys");
        assertThat(parentItem(keys).getAttribute("class")).isEqualTo("ServerStorage");
        LuaValue answers = run(source(keys), "QuizKeys").get("answers");
        for (Quiz.Question q : p.quiz().questions()) {
            LuaValue key = answers.get(q.id());
            assertThat(key.get("kind").tojstring()).isEqualTo(q.type());
            assertThat(key.get("accepted").get(1).tojstring()).isEqualTo(q.answer().get(0));
            assertThat(key.get("explanation").tojstring()).isEqualTo(q.explanation());
        }
        // nothing a client receives holds a key: only ServerStorage and ServerScriptService have it
        for (Element s : items(doc, null)) {
            if (property(s, "ProtectedString", "Source") != null && source(s).contains(Fixtures.SECRET_ANSWER)) {
                assertThat(parentItem(s).getAttribute("class")).as(name(s)).isIn("ServerStorage", "ServerScriptService");
            }
        }
    }

    @Test
    void theModulesFollowTheQuizAndReplaceThePackagesOwn() throws Exception {
        ContentPackage base = Fixtures.lesson();
        ContentPackage noQuiz = new ContentPackage(base.id(), base.lessonPlan(), base.environment(), null,
                base.scripts(), base.quality(), base.provenance());
        assertThat(items(parse(Fixtures.bytes(export, noQuiz)), "ModuleScript")).extracting(PlaceFileExportTest::name)
                .containsExactly("StationUtil");

        // the package's own (stale) modules give way to the quiz it has now
        List<LuauScript> own = new ArrayList<>(base.scripts());
        own.add(new LuauScript("QuizData", ScriptKind.MODULE, "return { questions = {} }\n"));
        own.add(new LuauScript("QuizKeys", ScriptKind.MODULE, "return { answers = { q1 = 'stale' } }\n"));
        Quiz.Question first = base.quiz().questions().get(0);
        Quiz edited = new Quiz(base.quiz().title(), List.of(new Quiz.Question(first.id(), first.type(), first.objectiveId(),
                "Edited prompt", first.options(), List.of("Oxygen"), first.points(), "edited")));
        ContentPackage p = new ContentPackage(base.id(), base.lessonPlan(), base.environment(), edited, own,
                base.quality(), base.provenance());
        Document doc = parse(Fixtures.bytes(export, p));
        LuaValue data = run(source(only(doc, "ModuleScript", "QuizData")), "QuizData");
        assertThat(data.get("questions").length()).isEqualTo(1);
        assertThat(data.get("questions").get(1).get("prompt").tojstring()).isEqualTo("Edited prompt");
        LuaValue keys = run(source(only(doc, "ModuleScript", "QuizKeys")), "QuizKeys");
        assertThat(keys.get("answers").get(first.id()).get("accepted").get(1).tojstring()).isEqualTo("Oxygen");
        assertThat(Fixtures.bytes(export, p)).isEqualTo(Fixtures.bytes(export, p));

        // a package without a quiz keeps its own QuizKeys, and still only in ServerStorage
        ContentPackage ownOnly = new ContentPackage(base.id(), base.lessonPlan(), base.environment(), null, own,
                base.quality(), base.provenance());
        Document ownDoc = parse(Fixtures.bytes(export, ownOnly));
        assertThat(parentItem(only(ownDoc, "ModuleScript", "QuizKeys")).getAttribute("class")).isEqualTo("ServerStorage");
    }

    @Test
    void orderingOptionsDoNotGiveTheOrderAway() {
        List<String> order = List.of("light is absorbed", "water is split", "sugar is made");
        Quiz quiz = new Quiz("Order", List.of(new Quiz.Question("q1", "ordering", "obj1", "Order the steps",
                order, order, 2, "")));
        LuaValue data = run(org.toolboxai.api.content.QuizModules.quizData("Order", Fixtures.environment(), quiz, "s"), "QuizData");
        LuaValue options = data.get("questions").get(1).get("options");
        List<String> shown = new ArrayList<>();
        for (int k = 1; k <= options.length(); k++) {
            shown.add(options.get(k).tojstring());
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(order).isNotEqualTo(order);
    }

    @Test
    void textXmlCannotHoldStillGivesAWellFormedPlace() throws Exception {
        String withControls = "local bell = \"\007\"\nlocal nul = \"\000\"\nreturn bell, nul\n";
        ContentPackage p = Fixtures.lesson(List.of(new LuauScript("Controls\001", ScriptKind.MODULE, withControls)));
        Document doc = parse(Fixtures.bytes(export, p));
        Element module = items(doc, "ModuleScript").get(0);
        assertThat(name(module)).isEqualTo("Controls\uFFFD");
        assertThat(source(module)).isEqualTo(withControls.replace((char) 7, (char) 0xFFFD).replace((char) 0, (char) 0xFFFD));
    }

    @Test
    void everyStationHasASignWithItsName() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Document doc = parse(Fixtures.bytes(export, p));
        for (var s : p.environment().stations()) {
            Element station = named(doc, "Part", s.id());
            Element sign = items(doc, "BillboardGui").stream().filter(b -> parentItem(b) == station).findFirst().orElseThrow();
            assertThat(name(sign)).isEqualTo("Sign");
            assertThat(component(property(sign, "Vector3", "StudsOffset"), "Y")).isGreaterThan(s.size().y() / 2);
            Element title = items(doc, "TextLabel").stream().filter(t -> parentItem(t) == sign).findFirst().orElseThrow();
            assertThat(property(title, "string", "Text").getTextContent()).isEqualTo(s.name());
            assertThat(property(title, "bool", "TextScaled").getTextContent()).isEqualTo("true");
            Element size = property(title, "UDim2", "Size");
            assertThat(component(size, "XS")).isEqualTo(1);
            assertThat(component(size, "YS")).isEqualTo(1);
        }
    }

    /** The parts of the Environment folder, by name, for a package of that environment type. */
    private Map<String, Element> enclosure(String type) throws Exception {
        ContentPackage base = Fixtures.lesson();
        var env = base.environment();
        var typed = new org.toolboxai.api.content.EnvironmentPlan(type, env.terrain(), env.spawn(), env.zones(), env.stations(),
                env.props());
        Document doc = parse(Fixtures.bytes(export, new ContentPackage(base.id(), base.lessonPlan(), typed, base.quiz(),
                base.scripts(), base.quality(), base.provenance())));
        Map<String, Element> out = new java.util.LinkedHashMap<>();
        items(doc, "Part").stream().filter(e -> name(parentItem(e)).equals("Environment")).forEach(e -> out.put(name(e), e));
        out.put("Baseplate", named(doc, "Part", "Baseplate"));
        return out;
    }

    private static int material(Element part) {
        return Integer.parseInt(property(part, "token", "Material").getTextContent());
    }

    @Test
    void environmentTypesLookLikeWhatTheySay() throws Exception {
        Map<String, Element> outdoor = enclosure("outdoor");
        assertThat(outdoor.keySet()).containsExactly("Baseplate");
        assertThat(material(outdoor.get("Baseplate"))).isEqualTo(EnvironmentLook.Material.GRASS.number);

        Map<String, Element> space = enclosure("space_station");
        assertThat(space.keySet()).contains("NorthWall", "SouthWall", "EastWall", "WestWall", "Ceiling");
        assertThat(material(space.get("Ceiling"))).isEqualTo(EnvironmentLook.Material.METAL.number);
        assertThat(material(space.get("Baseplate"))).isEqualTo(EnvironmentLook.Material.DIAMOND_PLATE.number);

        Map<String, Element> water = enclosure("underwater");
        assertThat(material(water.get("Baseplate"))).isEqualTo(EnvironmentLook.Material.SAND.number);
        assertThat(material(water.get("Ceiling"))).isEqualTo(EnvironmentLook.Material.GLASS.number);
        Element sea = water.get("SeaWater");
        assertThat(property(sea, "bool", "CanCollide").getTextContent()).isEqualTo("false");
        assertThat(Double.parseDouble(property(sea, "float", "Transparency").getTextContent())).isBetween(0.3, 0.8);
        Element ceiling = water.get("Ceiling");
        double ceilingTop = component(property(ceiling, "CoordinateFrame", "CFrame"), "Y")
                + component(property(ceiling, "Vector3", "size"), "Y") / 2;
        double seaBottom = component(property(sea, "CoordinateFrame", "CFrame"), "Y")
                - component(property(sea, "Vector3", "size"), "Y") / 2;
        assertThat(seaBottom).as("the water is above the glass ceiling").isGreaterThanOrEqualTo(ceilingTop);

        Map<String, Element> classroom = enclosure("interactive_classroom");
        double ceilingBottom = component(property(classroom.get("Ceiling"), "CoordinateFrame", "CFrame"), "Y")
                - component(property(classroom.get("Ceiling"), "Vector3", "size"), "Y") / 2;
        double tallest = Fixtures.environment().props().stream().mapToDouble(pr -> pr.position().y() + pr.size().y() / 2)
                .max().orElse(0);
        assertThat(ceilingBottom).as("the ceiling is above the tallest prop").isGreaterThan(tallest);
        assertThat(material(classroom.get("Baseplate"))).isEqualTo(EnvironmentLook.Material.WOOD_PLANKS.number);
    }

    @Test
    void exportingTwiceGivesTheSameBytes() throws Exception {
        assertThat(Fixtures.bytes(export, Fixtures.lesson())).isEqualTo(Fixtures.bytes(export, Fixtures.lesson()));
        assertThat(PlaceFileExport.number(0.1)).isEqualTo("0.1");
        assertThat(PlaceFileExport.number(-0.0)).isEqualTo("0");
        assertThat(PlaceFileExport.number(1e-7)).isEqualTo("0.0000001");
        assertThat(PlaceFileExport.number(200)).isEqualTo("200");
    }
}
