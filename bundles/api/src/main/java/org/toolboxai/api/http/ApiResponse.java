package org.toolboxai.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers. The body is serialised as JSON unless it is a {@link BinaryBody}.
 *
 * @param status  HTTP status
 * @param headers extra response headers
 * @param body    the body, or {@code null} for none
 */
public record ApiResponse(int status, Map<String, String> headers, Object body) {

    /** Copies the headers. */
    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** 200 with a JSON body. */
    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, Map.of(), body);
    }

    /** 201 with a Location header and a JSON body. */
    public static ApiResponse created(String location, Object body) {
        return new ApiResponse(201, Map.of("Location", location), body);
    }

    /** 202 with a Location header and a JSON body. */
    public static ApiResponse accepted(String location, Object body) {
        return new ApiResponse(202, Map.of("Location", location), body);
    }

    /** 204 without a body. */
    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** Any status with a JSON body. */
    public static ApiResponse status(int status, Object body) {
        return new ApiResponse(status, Map.of(), body);
    }

    /** A copy with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    /**
     * A non-JSON body (a zip, a place file ...).
     *
     * @param contentType its media type
     * @param fileName    suggested download name, or {@code null}
     * @param bytes       the content
     */
    public record BinaryBody(String contentType, String fileName, byte[] bytes) {
    }
}
