package org.toolboxai.api.content;

/**
 * A Roblox script, in the Lua-5.1-compatible subset of Luau.
 *
 * @param name   e.g. {@code QuizStation}
 * @param kind   where it runs
 * @param source the code
 */
public record LuauScript(String name, ScriptKind kind, String source) {
}
