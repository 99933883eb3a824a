package org.toolboxai.api.http;

import java.util.ArrayList;
import java.util.List;
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
 * @param description what it does and exchanges, for listings and the OpenAPI document (since 1.1)
 */
public record ApiRoute(String method, String path, Role role, String produces, ApiHandler handler,
        RouteDescription description) {

    /** Media type of JSON routes, the default. */
    public static final String JSON = "application/json";

    /** Validates and normalises. */
    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        method = method.toUpperCase(Locale.ROOT);
        produces = produces == null ? JSON : produces;
        description = description == null ? RouteDescription.NONE : description;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
    }

    /** An undescribed route. */
    public ApiRoute(String method, String path, Role role, String produces, ApiHandler handler) {
        this(method, path, role, produces, handler, RouteDescription.NONE);
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

    /**
     * A copy described for listings and the OpenAPI document; a successful answer is 200, or 204
     * when there is no response type (change it with {@link #withStatus}).
     *
     * @param summary      one line on what the route does
     * @param requestType  the JSON body it reads, or {@code null}
     * @param responseType the JSON body it answers, or {@code null}
     * @since 1.1
     */
    public ApiRoute described(String summary, Class<?> requestType, Class<?> responseType) {
        int status = responseType == null && produces.equals(JSON) ? 204 : 200;
        return with(new RouteDescription(summary, status, requestType, responseType, description.queryParameters()));
    }

    /**
     * A copy whose successful answer has this status (201 for a creation ...).
     *
     * @since 1.1
     */
    public ApiRoute withStatus(int status) {
        return with(new RouteDescription(description.summary(), status, description.requestType(),
                description.responseType(), description.queryParameters()));
    }

    /**
     * A copy that also lists a query parameter.
     *
     * @since 1.1
     */
    public ApiRoute withQuery(String name, Class<?> type, String about) {
        List<RouteDescription.QueryParameter> parameters = new ArrayList<>(description.queryParameters());
        parameters.add(new RouteDescription.QueryParameter(name, type, about));
        return with(new RouteDescription(description.summary(), description.status(), description.requestType(),
                description.responseType(), parameters));
    }

    private ApiRoute with(RouteDescription newDescription) {
        return new ApiRoute(method, path, role, produces, handler, newDescription);
    }
}
