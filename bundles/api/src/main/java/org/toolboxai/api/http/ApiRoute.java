package org.toolboxai.api.http;

import java.util.Locale;
import java.util.Objects;

import org.toolboxai.api.security.Role;

/**
 * One method and path under {@code /api/v1}.
 *
 * @param method   HTTP method in upper case
 * @param path     path template relative to {@code /api/v1}, e.g. {@code /tokens/{id}}
 * @param role     the least role a caller needs, or {@code null} for a public route
 * @param produces the media type of a successful answer, checked against {@code Accept}
 * @param handler  what answers it
 */
public record ApiRoute(String method, String path, Role role, String produces, ApiHandler handler) {

    /** Media type of JSON routes, the default. */
    public static final String JSON = "application/json";

    /** Validates and normalises. */
    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        method = method.toUpperCase(Locale.ROOT);
        produces = produces == null ? JSON : produces;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
    }

    /** A JSON route. */
    public ApiRoute(String method, String path, Role role, ApiHandler handler) {
        this(method, path, role, JSON, handler);
    }

    /** A GET route answering JSON. */
    public static ApiRoute get(String path, Role role, ApiHandler handler) {
        return new ApiRoute("GET", path, role, handler);
    }

    /** A POST route answering JSON. */
    public static ApiRoute post(String path, Role role, ApiHandler handler) {
        return new ApiRoute("POST", path, role, handler);
    }

    /** A DELETE route. */
    public static ApiRoute delete(String path, Role role, ApiHandler handler) {
        return new ApiRoute("DELETE", path, role, handler);
    }
}
