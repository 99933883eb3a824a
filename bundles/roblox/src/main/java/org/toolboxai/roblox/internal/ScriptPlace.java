package org.toolboxai.roblox.internal;

import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;

/** Where each {@link ScriptKind} goes in a place and in a Rojo project. */
enum ScriptPlace {
    /** A {@code Script} in ServerScriptService. */
    SERVER("Script", ".server.luau", "src/server"),
    /** A {@code LocalScript} in StarterPlayer.StarterPlayerScripts. */
    CLIENT("LocalScript", ".client.luau", "src/client"),
    /** A {@code ModuleScript} in ReplicatedStorage. */
    MODULE("ModuleScript", ".luau", "src/shared");

    final String className;
    final String rojoSuffix;
    final String rojoFolder;

    ScriptPlace(String className, String rojoSuffix, String rojoFolder) {
        this.className = className;
        this.rojoSuffix = rojoSuffix;
        this.rojoFolder = rojoFolder;
    }

    /** The script's place, or {@code null} when it has no kind. */
    static ScriptPlace of(LuauScript script) {
        if (script == null || script.kind() == null) {
            return null;
        }
        return switch (script.kind()) {
            case SERVER -> SERVER;
            case CLIENT -> CLIENT;
            case MODULE -> MODULE;
        };
    }
}
