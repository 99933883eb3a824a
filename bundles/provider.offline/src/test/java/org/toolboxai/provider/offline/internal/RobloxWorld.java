package org.toolboxai.provider.offline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.toolboxai.api.content.LuauScript;

/**
 * One Roblox server (or client) as the tests see it: LuaJ running {@code RobloxFake.lua}, a fake
 * of the engine API, with the generated scripts loaded into it. Tests drive it with small Lua
 * snippets that get the world as {@code W} and their arguments as {@code ...}. Public, and shipped
 * in this module's test jar, for the roblox bundle's tests of the course scripts.
 */
public final class RobloxWorld {

    private static final String FAKE = read("RobloxFake.lua");

    public final Globals globals;
    public final LuaTable w;

    public RobloxWorld() {
        globals = JsePlatform.standardGlobals();
        LuaValue fake = globals.load(FAKE, "RobloxFake").call();
        w = fake.get("new").call(globals).checktable();
    }

    /**
     * A server with the package's QuizData module in ReplicatedStorage and its QuizKeys module in
     * ServerStorage; the server scripts are not started yet.
     */
    public static RobloxWorld server(List<LuauScript> scripts) {
        RobloxWorld world = new RobloxWorld();
        world.module("QuizData", source(scripts, "QuizData"));
        world.serverModule("QuizKeys", source(scripts, "QuizKeys"));
        return world;
    }

    static String source(List<LuauScript> scripts, String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().source();
    }

    public void module(String name, String source) {
        exec("W.module(W.service('ReplicatedStorage'), ...)", LuaValue.valueOf(name), LuaValue.valueOf(source));
    }

    /** A ModuleScript in ServerStorage, which clients never receive. */
    public void serverModule(String name, String source) {
        exec("W.module(W.service('ServerStorage'), ...)", LuaValue.valueOf(name), LuaValue.valueOf(source));
    }

    /** Starts a server Script, as ServerScriptService does. */
    public void runServer(String name, String source) {
        exec("W.run('Script', W.service('ServerScriptService'), ...)", LuaValue.valueOf(name), LuaValue.valueOf(source));
    }

    /** Starts a LocalScript in the local player's PlayerScripts. */
    public void runClient(String name, String source) {
        exec("W.run('LocalScript', W.service('Players').LocalPlayer, ...)", LuaValue.valueOf(name),
                LuaValue.valueOf(source));
    }

    /** Runs Lua with the world as {@code W}; returns what the snippet returns. */
    public Varargs exec(String lua, LuaValue... args) {
        LuaValue chunk = globals.load("local W = ...\n" + body(lua), "test");
        LuaValue[] all = new LuaValue[args.length + 1];
        all[0] = w;
        System.arraycopy(args, 0, all, 1, args.length);
        return chunk.invoke(LuaValue.varargsOf(all));
    }

    /** One value computed by a Lua expression, e.g. {@code eval("W.clock")}. */
    public LuaValue eval(String expression, LuaValue... args) {
        return exec("return " + expression, args).arg1();
    }

    private static String body(String lua) {
        // a snippet's own "..." is what follows W
        return "local function run(...)\n" + lua + "\nend\nreturn run(select(2, ...))";
    }

    public void advance(double seconds) {
        w.get("advance").call(LuaValue.valueOf(seconds));
    }

    public LuaValue addPlayer(long userId, String name) {
        return w.get("addPlayer").call(LuaValue.valueOf(userId), LuaValue.valueOf(name));
    }

    /** Errors raised inside the scripts' threads (a script that crashed shows here). */
    public List<String> errors() {
        return strings(w.get("errors"));
    }

    public List<String> warnings() {
        return strings(w.get("warnings"));
    }

    public static List<String> strings(LuaValue list) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= list.length(); i++) {
            out.add(list.get(i).tojstring());
        }
        return out;
    }

    /** A Lua list of strings. */
    public static LuaTable list(List<String> items) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < items.size(); i++) {
            t.set(i + 1, LuaValue.valueOf(items.get(i)));
        }
        return t;
    }

    /** A Lua table as a Java map of its string keys to their values as text, for assertions. */
    public static Map<String, String> fields(LuaValue table) {
        Map<String, String> out = new java.util.TreeMap<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = table.next(k);
            if ((k = next.arg1()).isnil()) {
                break;
            }
            out.put(k.tojstring(), next.arg(2).tojstring());
        }
        return out;
    }

    /** The keys of a Lua table, sorted. */
    public static List<String> keys(LuaValue table) {
        return fields(table).keySet().stream().collect(Collectors.toList());
    }

    private static String read(String name) {
        try (InputStream in = RobloxWorld.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
