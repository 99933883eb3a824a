package org.toolboxai.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}).
 *
 * @param type       URI identifying the problem type; {@code about:blank} when the status says it all
 * @param title      short summary of the type
 * @param status     HTTP status
 * @param detail     what happened this time, for a person to act on
 * @param extensions additional members (e.g. {@code errors}), serialised beside the others
 */
public record Problem(String type, String title, int status, String detail, Map<String, Object> extensions) {

    /** Copies the extensions. */
    public Problem {
        type = type == null ? "about:blank" : type;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A problem of type {@code about:blank}. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, Map.of());
    }

    /** A copy with one more extension member. */
    public Problem with(String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new Problem(type, title, status, detail, copy);
    }
}
