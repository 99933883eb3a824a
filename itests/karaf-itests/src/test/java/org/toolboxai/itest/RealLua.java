package org.toolboxai.itest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference Lua 5.1 (PUC-Rio's C implementation, through LuaJava's JNI binding) as a syntax
 * judge that shares nothing with the product's own checker (LuaJ plus its Luau rules). Loaded in
 * a class loader of its own from the jars named by the {@code toolbox.lua.classpath} system
 * property, so it works inside the OSGi container too; it only compiles chunks, never runs them.
 */
final class RealLua implements AutoCloseable {

    private final URLClassLoader loader;
    private final Object lua;
    private final Method load;
    private final Method setTop;

    RealLua(String classpath) throws Exception {
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("toolbox.lua.classpath is not set");
        }
        List<URL> urls = new ArrayList<>();
        for (String jar : classpath.split(",")) {
            urls.add(Path.of(jar.trim()).toUri().toURL());
        }
        loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        lua = loader.loadClass("party.iroiro.luajava.lua51.Lua51").getConstructor().newInstance();
        load = lua.getClass().getMethod("load", String.class);
        setTop = lua.getClass().getMethod("setTop", int.class);
    }

    /** The compiler's error for the chunk, or {@code null} when it compiles. */
    String syntaxError(String source) throws Exception {
        try {
            load.invoke(lua, source);
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } finally {
            setTop.invoke(lua, 0);
        }
    }

    @Override
    public void close() throws Exception {
        lua.getClass().getMethod("close").invoke(lua);
        loader.close();
    }
}
