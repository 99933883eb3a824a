package org.toolboxai.api.content;

import java.util.List;
import java.util.Optional;

/**
 * Where a Luau script runs in Roblox; {@link #toString()} is its name on the wire.
 *
 * @since 2.0.0
 */
public enum ScriptKind {
    /** A {@code Script}, run by the server (ServerScriptService). */
    SERVER,
    /** A {@code LocalScript}, run by each player's client (StarterPlayerScripts). */
    CLIENT,
    /** A {@code ModuleScript}, required by other scripts (ReplicatedStorage). */
    MODULE;

    /** The wire name, e.g. {@code server}. */
    @Override
    public String toString() {
        return WireNames.of(this);
    }

    /** The kind with this wire name, if there is one. */
    public static Optional<ScriptKind> fromWire(String name) {
        return WireNames.find(values(), name);
    }

    /** Every wire name, in declaration order, for error messages. */
    public static List<String> wireNames() {
        return WireNames.list(values());
    }
}
