package org.toolboxai.roblox.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.compiler.LuaC;
import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptChecker;

/**
 * Parses scripts with a real Lua parser: LuaJ's compiler ({@link LuaC}, a port of the reference
 * Lua 5.2 parser), which turns a chunk into a prototype and never runs it. Lua 5.2 accepts the
 * Lua 5.1-compatible subset of Luau that scripts are written in.
 * <p>
 * Where the parser fails on a construct that is valid Luau but outside that subset ({@code +=},
 * {@code continue}, type annotations, backtick strings, if-expressions ...), the error names the
 * construct instead of LuaJ's bare "syntax error", at the construct's own line. What Lua 5.2
 * accepts but Luau does not ({@code goto}, labels, invalid string escapes) is reported even when
 * the script parses.
 */
@Component(service = ScriptChecker.class)
public class LuaJScriptChecker implements ScriptChecker {

    private static final String CHUNK = "script";
    private static final Pattern LOCATED = Pattern.compile("^" + CHUNK + ":(\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern UNEXPECTED = Pattern.compile("unexpected symbol (\\d+) \\(.*\\)", Pattern.DOTALL);
    /** LuaJ's token codes from 257 on (Lua 5.2's llex.h), for its messages that print only the code. */
    private static final List<String> RESERVED = List.of("and", "break", "do", "else", "elseif", "end", "false", "for",
            "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until",
            "while", "..", "...", "==", ">=", "<=", "~=", "::", "<eof>", "<number>", "<name>", "<string>");
    private static final int FIRST_RESERVED = 257;
    /**
     * LuaJ keeps a few process-wide caches (short strings) without synchronisation; compiling is
     * quick, so one compilation at a time costs nothing noticeable.
     */
    private static final Object COMPILER = new Object();

    /** Where the parser stopped: line (or -1 when it gave none) and message. */
    record ParseError(int line, String message) {
        String describe() {
            return (line > 0 ? "line " + line + ": " : "") + message;
        }
    }

    @Override
    public List<String> check(LuauScript script) {
        if (script == null || script.source() == null) {
            return List.of("line 1: the script has no source");
        }
        String source = script.source().startsWith("\uFEFF") ? script.source().substring(1) : script.source();
        ParseError error = parse(source);
        List<LuauSyntax.Finding> findings = LuauSyntax.findings(source);

        List<LuauSyntax.Finding> reported = new ArrayList<>();
        List<LuauSyntax.Finding> explanations = new ArrayList<>();
        for (LuauSyntax.Finding f : findings) {
            if (f.notInLuau()) {
                if (error == null || error.line() < 0 || f.line() <= error.line()) {
                    reported.add(f);
                }
            } else if (error != null && f.line() <= error.line() && error.line() <= f.lastLine()) {
                explanations.add(f);
            }
        }
        reported.addAll(explanations);
        reported.sort(Comparator.comparingInt(LuauSyntax.Finding::line));
        Set<String> out = new LinkedHashSet<>();
        reported.forEach(f -> out.add("line " + f.line() + ": " + f.message()));
        if (error != null && explanations.isEmpty()) {
            out.add(error.describe());
        }
        return List.copyOf(out);
    }

    /** The parser's verdict: {@code null} when the source compiles. */
    static ParseError parse(String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (COMPILER) {
                LuaC.instance.compile(new ByteArrayInputStream(bytes), "=" + CHUNK);
            }
            return null;
        } catch (LuaError e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = LOCATED.matcher(message);
            if (m.matches()) {
                return new ParseError(Integer.parseInt(m.group(1)), clean(m.group(2)));
            }
            return new ParseError(-1, clean(message));
        } catch (StackOverflowError e) {
            return new ParseError(-1, "the script is nested too deeply to parse");
        } catch (Exception e) {
            return new ParseError(-1, "the parser failed: " + e);
        }
    }

    /** LuaJ prints some tokens as their internal code ("unexpected symbol 262 (...)"): name them. */
    private static String clean(String message) {
        Matcher m = UNEXPECTED.matcher(message);
        if (!m.find()) {
            return message;
        }
        int code = Integer.parseInt(m.group(1));
        String token;
        if (code >= FIRST_RESERVED && code - FIRST_RESERVED < RESERVED.size()) {
            String name = RESERVED.get(code - FIRST_RESERVED);
            token = name.startsWith("<") ? name : "'" + name + "'";
        } else if (code >= 128 && code < FIRST_RESERVED) {
            token = "a non-ASCII character (byte " + code + ")";
        } else if (code >= 0 && code < 128) {
            token = code < 32 || code == 127 ? "'\\" + code + "'" : "'" + (char) code + "'";
        } else {
            return message;
        }
        return message.substring(0, m.start()) + "unexpected symbol near " + token + message.substring(m.end());
    }
}
