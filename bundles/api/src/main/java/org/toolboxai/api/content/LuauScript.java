package org.toolboxai.api.content;

/**
 * A Roblox script, in the Lua-5.1-compatible subset of Luau.
 *
 * @param name   e.g. {@code QuizStation}
 * @param kind   {@code server}, {@code client} or {@code module}
 * @param source the code
 */
public record LuauScript(String name, String kind, String source) {
}
