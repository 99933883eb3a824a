package org.toolboxai.provider.offline.internal;

/**
 * Just enough of a Lua lexer for the tests: removes comments, replaces every string literal by
 * {@code ""} and fails on a string that is not closed.
 */
final class LuaLexer {

    private LuaLexer() {
    }

    static String code(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int line = 1;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (c == '-' && source.startsWith("--", i)) {
                int level = longBracket(source, i + 2);
                if (level >= 0) {
                    i = closeLong(source, i + 2, level, line);
                } else {
                    while (i < n && source.charAt(i) != '\n') {
                        i++;
                    }
                }
                continue;
            }
            if (c == '[' && longBracket(source, i) >= 0) {
                int end = closeLong(source, i, longBracket(source, i), line);
                out.append("\"\"");
                i = end;
                continue;
            }
            if (c == '"' || c == '\'') {
                int start = line;
                i++;
                while (true) {
                    if (i >= n || source.charAt(i) == '\n') {
                        throw new AssertionError("string opened on line " + start + " is not closed");
                    }
                    char d = source.charAt(i);
                    if (d == '\\') {
                        i += 2;
                        continue;
                    }
                    i++;
                    if (d == c) {
                        break;
                    }
                }
                out.append("\"\"");
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The level of a long bracket [[ or [==[ starting at i, or -1. */
    private static int longBracket(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == '=') {
            j++;
        }
        return j < s.length() && s.charAt(j) == '[' ? j - i - 1 : -1;
    }

    private static int closeLong(String s, int open, int level, int line) {
        String close = "]" + "=".repeat(level) + "]";
        int end = s.indexOf(close, open + level + 2);
        if (end < 0) {
            throw new AssertionError("long string or comment opened on line " + line + " is unclosed");
        }
        return end + close.length();
    }
}
