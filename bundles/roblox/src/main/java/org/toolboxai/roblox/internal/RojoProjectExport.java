package org.toolboxai.roblox.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;

/**
 * {@code rojo.zip}: the lesson as a <a href="https://rojo.space">Rojo</a> 7.2+ project (7.2 is the
 * first to read {@code .luau} files), for teams that keep their Roblox code in files and version
 * control. {@code default.project.json} maps {@code src/server} to ServerScriptService,
 * {@code src/client} to StarterPlayer.StarterPlayerScripts, {@code src/shared} to
 * ReplicatedStorage, {@code src/serverstorage} to ServerStorage (the answer keys, QuizKeys, never
 * replicated) and {@code workspace} to Workspace, and sets Lighting; each script is one file
 * named the Rojo way ({@code .server.luau}, {@code .client.luau}, {@code .luau}), its source byte
 * for byte, and the environment is one {@code .model.json} per top-level Workspace item (the same
 * instances as the place file), so {@code rojo build -o place.rbxlx} makes a playable place. The
 * same package gives the same bytes: fixed entry order and times.
 */
@Component(service = ExportFormat.class)
public class RojoProjectExport implements ExportFormat {

    /** Every entry's time, so that exports of one package are identical. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
    static final String PROJECT_FILE = "default.project.json";
    static final String README = "README.md";
    static final String WORKSPACE = "workspace";
    /** ServerStorage's folder: modules only the server may read. */
    static final String SERVER_STORAGE = "src/serverstorage";

    @Override
    public String fileName() {
        return "rojo.zip";
    }

    @Override
    public String contentType() {
        return "application/zip";
    }

    @Override
    public String id() {
        return "rojo";
    }

    @Override
    public void export(ContentPackage contentPackage, OutputStream out) throws IOException {
        String title = title(contentPackage);
        Map<String, LuauScript> files = new LinkedHashMap<>();
        List<LuauScript> skipped = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (LuauScript s : contentPackage.scripts() == null ? List.<LuauScript>of() : contentPackage.scripts()) {
            ScriptPlace kind = ScriptPlace.of(s);
            if (kind == null || s.source() == null) {
                skipped.add(s);
                continue;
            }
            if (QuizDataModule.replaced(contentPackage, s)) {
                continue;
            }
            if (QuizDataModule.serverOnly(s)) {
                files.put(SERVER_STORAGE + "/" + QuizDataModule.KEYS + ".luau", s);
                continue;
            }
            files.put(path(kind, s.name(), taken), s);
        }

        if (QuizDataModule.writes(contentPackage)) {
            files.put(path(ScriptPlace.MODULE, QuizDataModule.NAME, taken), new LuauScript(QuizDataModule.NAME,
                    org.toolboxai.api.content.ScriptKind.MODULE, QuizDataModule.source(contentPackage)));
            files.put(SERVER_STORAGE + "/" + QuizDataModule.KEYS + ".luau", new LuauScript(QuizDataModule.KEYS,
                    org.toolboxai.api.content.ScriptKind.MODULE, QuizDataModule.keys(contentPackage)));
        }
        List<RobloxInstance> workspace = WorkspaceModel.workspace(contentPackage.environment());

        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        put(zip, PROJECT_FILE, projectJson(title, contentPackage.environment() == null ? null
                : WorkspaceModel.lighting(contentPackage.environment())).getBytes(StandardCharsets.UTF_8));
        put(zip, README, readme(contentPackage, title, files, skipped, workspace).getBytes(StandardCharsets.UTF_8));
        // the folders exist even when empty: Rojo refuses a $path that does not
        for (String dir : List.of("src/", "src/client/", "src/server/", "src/serverstorage/", "src/shared/",
                WORKSPACE + "/")) {
            put(zip, dir, null);
        }
        for (Map.Entry<String, LuauScript> f : files.entrySet()) {
            put(zip, f.getKey(), f.getValue().source().getBytes(StandardCharsets.UTF_8));
        }
        for (RobloxInstance item : workspace) {
            put(zip, WORKSPACE + "/" + item.name() + ".model.json", RojoModelJson.model(item).getBytes(StandardCharsets.UTF_8));
        }
        // writes the central directory; the stream stays open (the caller owns it)
        zip.finish();
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(e);
        if (content != null) {
            zip.write(content);
        }
        zip.closeEntry();
    }

    static String title(ContentPackage p) {
        LessonPlan plan = p.lessonPlan();
        String t = plan == null || plan.title() == null ? "" : plan.title().strip();
        return t.isEmpty() ? "Lesson" : t;
    }

    /**
     * The script's file: its name made safe for every file system, unique (ignoring case) within
     * its folder, and never {@code init} (which Rojo would turn into the folder itself).
     */
    static String path(ScriptPlace kind, String name, Set<String> taken) {
        String base = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9_-]", "_");
        if (base.isEmpty()) {
            base = "Script";
        }
        if (base.equalsIgnoreCase("init")) {
            base = base + "_";
        }
        String candidate = base;
        for (int n = 2; !taken.add((kind.rojoFolder + "/" + candidate).toLowerCase(Locale.ROOT)); n++) {
            candidate = base + "_" + n;
        }
        return kind.rojoFolder + "/" + candidate + kind.rojoSuffix;
    }

    static String projectJson(String title, RobloxInstance lighting) {
        return "{\n"
                + "  \"name\": " + json(title) + ",\n"
                + "  \"tree\": {\n"
                + "    \"$className\": \"DataModel\",\n"
                + "    \"Workspace\": {\n"
                + "      \"$className\": \"Workspace\",\n"
                + "      \"$ignoreUnknownInstances\": true,\n"
                + "      \"$path\": \"" + WORKSPACE + "\"\n"
                + "    },\n"
                + (lighting == null ? "" : "    \"Lighting\": {\n"
                        + "      \"$className\": \"Lighting\",\n"
                        + "      \"$properties\": " + RojoModelJson.properties(lighting.properties(), 3) + "\n"
                        + "    },\n")
                + "    \"ReplicatedStorage\": {\n"
                + "      \"$className\": \"ReplicatedStorage\",\n"
                + "      \"$ignoreUnknownInstances\": true,\n"
                + "      \"$path\": \"src/shared\"\n"
                + "    },\n"
                + "    \"ServerStorage\": {\n"
                + "      \"$className\": \"ServerStorage\",\n"
                + "      \"$ignoreUnknownInstances\": true,\n"
                + "      \"$path\": \"" + SERVER_STORAGE + "\"\n"
                + "    },\n"
                + "    \"ServerScriptService\": {\n"
                + "      \"$className\": \"ServerScriptService\",\n"
                + "      \"$ignoreUnknownInstances\": true,\n"
                + "      \"$path\": \"src/server\"\n"
                + "    },\n"
                + "    \"StarterPlayer\": {\n"
                + "      \"$className\": \"StarterPlayer\",\n"
                + "      \"StarterPlayerScripts\": {\n"
                + "        \"$className\": \"StarterPlayerScripts\",\n"
                + "        \"$ignoreUnknownInstances\": true,\n"
                + "        \"$path\": \"src/client\"\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
    }

    /** A JSON string. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String readme(ContentPackage p, String title, Map<String, LuauScript> files,
            List<LuauScript> skipped, List<RobloxInstance> workspace) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(oneLine(title)).append("\n\n");
        LessonPlan plan = p.lessonPlan();
        if (plan != null && plan.summary() != null && !plan.summary().isBlank()) {
            b.append(plan.summary().strip()).append("\n\n");
        }
        b.append("This lesson as a [Rojo](https://rojo.space) 7.2+ project (Rojo 7.2 is the first to read `.luau` files), "
                + "generated by Toolbox Coordinator");
        if (p.id() != null) {
            b.append(" (package `").append(oneLine(p.id())).append("`)");
        }
        b.append(".\n\n");

        b.append("## Use it\n\n");
        b.append("1. Install Rojo 7.2 or later (from https://github.com/rojo-rbx/rojo/releases, or "
                + "`rokit add rojo-rbx/rojo`) and its Roblox Studio plugin: `rojo plugin install`.\n");
        b.append("2. Build a place file: `rojo build -o place.rbxlx`, then open `place.rbxlx` in Roblox Studio and "
                + "press Play. It has the environment (floor, spawn, stations with their signs, props").append(workspace.isEmpty()
                        ? "; this package has no environment plan, so Workspace stays empty" : "").append("), the scripts and "
                        + "the quiz data.\n");
        b.append("3. Or live sync into Studio: run `rojo serve` in this folder, open a place in Roblox Studio, and press "
                + "Connect in the Rojo plugin. Edits to the files appear in Studio as you save them. The services keep "
                + "instances Rojo does not know (`$ignoreUnknownInstances`), so syncing into the package's `place.rbxlx` "
                + "leaves its other contents in place.\n\n");
        b.append("Players' progress is saved in a DataStore: in Studio, allow it under Game Settings > Security > "
                + "Enable Studio Access to API Services (the place must be published); without it the quiz works and "
                + "progress lasts for the session.\n\n");

        b.append("## Layout\n\n");
        b.append("| folder | Roblox location |\n| --- | --- |\n");
        b.append("| `src/server` | ServerScriptService (`*.server.luau` are Scripts) |\n");
        b.append("| `src/client` | StarterPlayer > StarterPlayerScripts (`*.client.luau` are LocalScripts) |\n");
        b.append("| `src/shared` | ReplicatedStorage (`*.luau` are ModuleScripts) |\n");
        b.append("| `src/serverstorage` | ServerStorage (`QuizKeys.luau`, the answer keys: the server reads them, "
                + "clients never receive them) |\n");
        b.append("| `workspace` | Workspace (each `*.model.json` is one item of the environment) |\n\n");
        if (!files.isEmpty()) {
            b.append("Scripts:\n\n");
            files.forEach((path, s) -> b.append("- `").append(path).append("`: ")
                    .append(ScriptPlace.of(s).className).append(" `").append(oneLine(s.name())).append("`")
                    .append(path.startsWith(SERVER_STORAGE) ? " (ServerStorage)" : "").append("\n"));
            b.append('\n');
        }
        if (!skipped.isEmpty()) {
            b.append("Not exported (no source, or no kind):");
            skipped.forEach(s -> b.append(" `").append(s == null ? "null" : oneLine(s.name())).append('`'));
            b.append("\n\n");
        }
        if (plan != null && plan.objectives() != null && !plan.objectives().isEmpty()) {
            b.append("## Learning objectives\n\n");
            for (LessonPlan.Objective o : plan.objectives()) {
                if (o != null) {
                    b.append("- ").append(oneLine(o.id())).append(": ").append(oneLine(o.text())).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
