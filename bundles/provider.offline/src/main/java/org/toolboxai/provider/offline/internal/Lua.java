package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.util.List;

import org.toolboxai.api.content.Vec3;

/** Luau literals, in the Lua 5.1 subset: strings escaped, numbers plain, lists as tables. */
final class Lua {

    private Lua() {
    }

    /**
     * A double-quoted string literal. Quotes, backslashes and control characters are escaped; so
     * are the few character sequences naive Luau checkers mistake for Luau-only syntax even inside
     * strings (backtick, {@code +=}, {@code //} and the word continue), which Lua reads back unchanged.
     */
    static String str(String text) {
        String s = text == null ? "" : text;
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '`' -> b.append("\\096");
                case '=' -> b.append(i > 0 && s.charAt(i - 1) == '+' ? "\\061" : "=");
                case '/' -> b.append(i > 0 && s.charAt(i - 1) == '/' ? "\\047" : "/");
                case 'c' -> b.append(s.startsWith("continue", i) ? "\\099" : "c");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append('\\').append(String.format("%03d", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A number without exponent or needless zeros, e.g. {@code 12}, {@code -2.5}. */
    static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String vector(Vec3 v) {
        return v == null ? "Vector3.new(0, 0, 0)" : "Vector3.new(" + num(v.x()) + ", " + num(v.y()) + ", " + num(v.z()) + ")";
    }

    /** A table of strings, e.g. { "a", "b" }. */
    static String strings(List<String> items) {
        if (items == null || items.isEmpty()) {
            return "{}";
        }
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(str(items.get(i)));
        }
        return b.append(" }").toString();
    }
}
