package org.toolboxai.roblox.internal;

import java.util.Locale;

import org.toolboxai.api.content.LuauScript;

/** The three kinds of script a package holds, and where each runs in Roblox. */
enum ScriptKind {
    /** A {@code Script} in ServerScriptService. */
    SERVER("server", "Script", ".server.luau", "src/server"),
    /** A {@code LocalScript} in StarterPlayer.StarterPlayerScripts. */
    CLIENT("client", "LocalScript", ".client.luau", "src/client"),
    /** A {@code ModuleScript} in ReplicatedStorage. */
    MODULE("module", "ModuleScript", ".luau", "src/shared");

    final String id;
    final String className;
    final String rojoSuffix;
    final String rojoFolder;

    ScriptKind(String id, String className, String rojoSuffix, String rojoFolder) {
        this.id = id;
        this.className = className;
        this.rojoSuffix = rojoSuffix;
        this.rojoFolder = rojoFolder;
    }

    /** The script's kind, or {@code null} when it names none of the three. */
    static ScriptKind of(LuauScript script) {
        if (script == null || script.kind() == null) {
            return null;
        }
        String k = script.kind().trim().toLowerCase(Locale.ROOT);
        for (ScriptKind kind : values()) {
            if (kind.id.equals(k)) {
                return kind;
            }
        }
        return null;
    }
}
