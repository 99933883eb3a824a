package org.toolboxai.provider.offline.internal;

import java.math.BigDecimal;
import java.util.List;

import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.Vec3;

/** Luau literals, in the Lua 5.1 subset: strings escaped, numbers plain, lists as tables. */
final class Lua {

    private Lua() {
    }

    /** A double-quoted string literal, escaped as the exports' data modules are ({@link QuizModules#str}). */
    static String str(String text) {
        return QuizModules.str(text);
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
