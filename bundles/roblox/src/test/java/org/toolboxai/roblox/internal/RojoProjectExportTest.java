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
                "src/shared/",
                "src/server/QuizStation.server.luau",
                "src/server/Progress.server.luau",
                "src/client/QuizClient.client.luau",
                "src/shared/StationUtil.luau");
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
    }

    @Test
    void theReadmeExplainsServeAndBuild() throws Exception {
        String readme = new String(unzip(Fixtures.bytes(export, Fixtures.lesson())).get("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .startsWith("# Photosynthesis: How Plants Make \"Food\"\n")
                .contains("rojo serve")
                .contains("rojo build -o place.rbxlx")
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
                "src/client/Shared.client.luau");
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
                "src/server/", "src/shared/");
    }
}
