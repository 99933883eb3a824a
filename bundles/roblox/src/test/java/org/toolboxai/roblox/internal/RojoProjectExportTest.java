package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;

class RojoProjectExportTest {

    private final RojoProjectExport export = new RojoProjectExport();

    /** Entry name to content, in zip order; directories map to {@code null}. */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(e.getTimeLocal()).isEqualTo(RojoProjectExport.ENTRY_TIME);
                entries.put(e.getName(), e.isDirectory() ? null : in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void describesItself() {
        assertThat(export.fileName()).isEqualTo("rojo.zip");
        assertThat(export.contentType()).isEqualTo("application/zip");
    }

    @Test
    void theZipHoldsExactlyTheProjectTheReadmeAndOneFilePerScript() throws Exception {
        Map<String, byte[]> entries = unzip(Fixtures.bytes(export, Fixtures.lesson()));
        assertThat(entries.keySet()).containsExactly(
                "default.project.json",
                "README.md",
                "src/",
                "src/client/",
                "src/server/",
                "src/serverstorage/",
                "src/shared/",
                "workspace/",
                "src/server/QuizStation.server.luau",
                "src/server/Progress.server.luau",
                "src/client/QuizClient.client.luau",
                "src/shared/StationUtil.luau",
                "src/shared/QuizData.luau",
                "src/serverstorage/QuizKeys.luau",
                "workspace/Baseplate.model.json",
                "workspace/LobbySpawn.model.json",
                "workspace/Zones.model.json",
                "workspace/Stations.model.json",
                "workspace/Props.model.json",
                "workspace/Environment.model.json");
    }

    @Test
    void everySourceIsByteIdentical() throws Exception {
        Map<String, byte[]> entries = unzip(Fixtures.bytes(export, Fixtures.lesson()));
        assertThat(entries.get("src/server/QuizStation.server.luau"))
                .isEqualTo(Fixtures.QUIZ_STATION.getBytes(StandardCharsets.UTF_8));
        assertThat(entries.get("src/server/Progress.server.luau"))
                .isEqualTo(Fixtures.PROGRESS.getBytes(StandardCharsets.UTF_8));
        assertThat(entries.get("src/client/QuizClient.client.luau"))
                .isEqualTo(Fixtures.QUIZ_CLIENT.getBytes(StandardCharsets.UTF_8));
        assertThat(entries.get("src/shared/StationUtil.luau"))
                .isEqualTo(Fixtures.STATION_UTIL.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theProjectFileIsAValidRojoProject() throws Exception {
        byte[] json = unzip(Fixtures.bytes(export, Fixtures.lesson())).get("default.project.json");
        JsonNode project = new ObjectMapper().readTree(json);

        assertThat(project.get("name").asText()).isEqualTo("Photosynthesis: How Plants Make \"Food\"");
        JsonNode tree = project.get("tree");
        assertThat(tree.get("$className").asText()).isEqualTo("DataModel");
        assertThat(tree.at("/ServerScriptService/$className").asText()).isEqualTo("ServerScriptService");
        assertThat(tree.at("/ServerScriptService/$path").asText()).isEqualTo("src/server");
        assertThat(tree.at("/StarterPlayer/$className").asText()).isEqualTo("StarterPlayer");
        assertThat(tree.at("/StarterPlayer/StarterPlayerScripts/$className").asText()).isEqualTo("StarterPlayerScripts");
        assertThat(tree.at("/StarterPlayer/StarterPlayerScripts/$path").asText()).isEqualTo("src/client");
        assertThat(tree.at("/ReplicatedStorage/$className").asText()).isEqualTo("ReplicatedStorage");
        assertThat(tree.at("/ReplicatedStorage/$path").asText()).isEqualTo("src/shared");
        assertThat(tree.at("/Workspace/$className").asText()).isEqualTo("Workspace");
        assertThat(tree.at("/Workspace/$path").asText()).isEqualTo("workspace");
        assertThat(tree.at("/Lighting/$className").asText()).isEqualTo("Lighting");
        assertThat(tree.at("/Lighting/$properties/Ambient").size()).isEqualTo(3);
        assertThat(tree.at("/Lighting/$properties/TimeOfDay").asText()).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    private static JsonNode model(Map<String, byte[]> entries, String name) throws IOException {
        return new ObjectMapper().readTree(entries.get("workspace/" + name + ".model.json"));
    }

    @Test
    void theWorkspaceModelsHoldAPlayableEnvironment() throws Exception {
        ContentPackage p = Fixtures.lesson();
        Map<String, byte[]> entries = unzip(Fixtures.bytes(export, p));

        JsonNode baseplate = model(entries, "Baseplate");
        assertThat(baseplate.get("ClassName").asText()).isEqualTo("Part");
        assertThat(baseplate.at("/Properties/Size/0").asDouble()).isEqualTo(p.environment().terrain().x());
        assertThat(baseplate.at("/Properties/Size/2").asDouble()).isEqualTo(p.environment().terrain().z());
        assertThat(baseplate.at("/Properties/CFrame/1").asDouble() + baseplate.at("/Properties/Size/1").asDouble() / 2)
                .as("top of the floor").isZero();
        assertThat(baseplate.at("/Properties/Anchored").asBoolean()).isTrue();
        assertThat(baseplate.at("/Properties/Material").asText()).isEqualTo("WoodPlanks");

        JsonNode spawn = model(entries, "LobbySpawn");
        assertThat(spawn.get("ClassName").asText()).isEqualTo("SpawnLocation");
        JsonNode cframe = spawn.at("/Properties/CFrame");
        assertThat(cframe.size()).isEqualTo(12);
        assertThat(cframe.get(0).asDouble()).isEqualTo(p.environment().spawn().x());
        assertThat(cframe.get(1).asDouble() - spawn.at("/Properties/Size/1").asDouble() / 2).isZero();
        assertThat(-cframe.get(11).asDouble()).as("facing north, to the stations").isEqualTo(1);

        JsonNode stations = model(entries, "Stations");
        assertThat(stations.get("ClassName").asText()).isEqualTo("Folder");
        assertThat(stations.get("Children").size()).isEqualTo(p.environment().stations().size());
        for (int i = 0; i < p.environment().stations().size(); i++) {
            var expected = p.environment().stations().get(i);
            JsonNode station = stations.get("Children").get(i);
            assertThat(station.get("Name").asText()).isEqualTo(expected.id());
            assertThat(station.at("/Properties/CFrame/0").asDouble()).isEqualTo(expected.position().x());
            JsonNode sign = null;
            for (JsonNode child : station.get("Children")) {
                if (child.get("Name").asText().equals("Sign")) {
                    sign = child;
                }
            }
            assertThat(sign).isNotNull();
            assertThat(sign.get("ClassName").asText()).isEqualTo("BillboardGui");
            assertThat(sign.at("/Properties/Size/UDim2/0/0").asDouble()).isEqualTo(12);
            assertThat(sign.at("/Children/0/Properties/Text").asText()).isEqualTo(expected.name());
        }
        assertThat(model(entries, "Zones").get("Children").size()).isEqualTo(p.environment().zones().size());
        assertThat(model(entries, "Props").get("Children").size()).isEqualTo(p.environment().props().size());
        assertThat(model(entries, "Props").at("/Children/0/Properties/Color/0").asDouble()).isEqualTo(1.0);
        assertThat(model(entries, "Environment").get("Children")).extracting(c -> c.get("Name").asText())
                .contains("NorthWall", "Ceiling");
    }

    @Test
    void theReadmeExplainsServeAndBuild() throws Exception {
        String readme = new String(unzip(Fixtures.bytes(export, Fixtures.lesson())).get("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .startsWith("# Photosynthesis: How Plants Make \"Food\"\n")
                .contains("rojo serve")
                .contains("rojo build -o place.rbxlx")
                .contains("Rojo 7.2")
                .doesNotContain("Rojo 7 ")
                .contains("`workspace` | Workspace")
                .contains("`src/server/QuizStation.server.luau`: Script `QuizStation`")
                .contains("`src/client/QuizClient.client.luau`: LocalScript `QuizClient`")
                .contains("`src/shared/StationUtil.luau`: ModuleScript `StationUtil`")
                .contains("obj3: Describe how gases enter and leave a leaf.");
    }

    @Test
    void exportingTwiceGivesTheSameBytes() throws Exception {
        assertThat(Fixtures.bytes(export, Fixtures.lesson())).isEqualTo(Fixtures.bytes(export, Fixtures.lesson()));
    }

    @Test
    void fileNamesAreSafeUniqueAndNeverInit() throws Exception {
        ContentPackage p = Fixtures.lesson(List.of(
                new LuauScript("init", ScriptKind.SERVER, "print(1)"),
                new LuauScript("Quiz Station/../x", ScriptKind.SERVER, "print(2)"),
                new LuauScript("Shared", ScriptKind.MODULE, "return {}"),
                new LuauScript("shared", ScriptKind.MODULE, "return {}"),
                new LuauScript("Shared", ScriptKind.CLIENT, "print(3)"),
                new LuauScript("Odd", null, "print(4)"),
                new LuauScript("NoSource", ScriptKind.SERVER, null)));
        Map<String, byte[]> entries = unzip(Fixtures.bytes(export, p));
        assertThat(entries.keySet()).filteredOn(n -> n.endsWith(".luau")).containsExactly(
                "src/server/init_.server.luau",
                "src/server/Quiz_Station____x.server.luau",
                "src/shared/Shared.luau",
                "src/shared/shared_2.luau",
                "src/client/Shared.client.luau",
                "src/shared/QuizData.luau",
                "src/serverstorage/QuizKeys.luau");
        assertThat(new String(entries.get("README.md"), StandardCharsets.UTF_8))
                .contains("Not exported (no source, or no kind): `Odd` `NoSource`");
    }

    @Test
    void anUntitledLessonStillMakesAProject() throws Exception {
        ContentPackage p = new ContentPackage("x", null, null, null, List.of(), null, null);
        Map<String, byte[]> entries = unzip(Fixtures.bytes(export, p));
        JsonNode project = new ObjectMapper().readTree(entries.get("default.project.json"));
        assertThat(project.get("name").asText()).isEqualTo("Lesson");
        assertThat(entries.keySet()).containsExactly("default.project.json", "README.md", "src/", "src/client/",
                "src/server/", "src/serverstorage/", "src/shared/", "workspace/");
        assertThat(project.at("/tree/Workspace/$path").asText()).isEqualTo("workspace");
        // the answer keys' folder is ServerStorage (server-only), not a replicated service
        assertThat(project.at("/tree/ServerStorage/$className").asText()).isEqualTo("ServerStorage");
        assertThat(project.at("/tree/ServerStorage/$path").asText()).isEqualTo("src/serverstorage");
        assertThat(project.at("/tree/ReplicatedStorage/$path").asText()).isEqualTo("src/shared");
    }
}
