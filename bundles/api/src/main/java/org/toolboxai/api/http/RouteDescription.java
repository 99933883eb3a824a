package org.toolboxai.api.http;

import java.util.List;

/**
 * What a route does and exchanges, for listings and the OpenAPI document
 * ({@code GET /api/v1/openapi.json}); it changes nothing in how the route is served.
 *
 * @param summary         one line on what the route does, or {@code null}
 * @param status          the status of a successful answer (200, 201, 202, 204 ...)
 * @param requestType     the JSON body it reads ({@link ApiRequest#body}), or {@code null} for none
 * @param responseType    the JSON body it answers, or {@code null} for none or a non-JSON body
 * @param queryParameters the query parameters it reads
 * @since 1.1
 */
public record RouteDescription(String summary, int status, Class<?> requestType, Class<?> responseType,
        List<QueryParameter> queryParameters) {

    /** A route nobody described: a 200 answer, nothing else known. */
    public static final RouteDescription NONE = new RouteDescription(null, 200, null, null, List.of());

    /** Copies the parameters. */
    public RouteDescription {
        queryParameters = queryParameters == null ? List.of() : List.copyOf(queryParameters);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    /**
     * One query parameter.
     *
     * @param name        its name
     * @param type        the type of its value ({@code String.class}, {@code Integer.class}, an enum ...)
     * @param description what it means, its default and its range
     * @since 1.1
     */
    public record QueryParameter(String name, Class<?> type, String description) {
    }
}
