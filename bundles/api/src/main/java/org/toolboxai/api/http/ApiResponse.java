package org.toolboxai.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers. The body is serialised as JSON unless it is a {@link BinaryBody}, a
 * {@link StreamedBody} (written as it is produced) or a {@link Later} (the answer comes when a
 * stage completes, and no server thread waits for it meanwhile).
 *
 * @param status  HTTP status; 0 for a {@link #later} answer, whose status is not known yet
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
     * An answer that comes when {@code stage} completes: the request is suspended meanwhile
     * (servlet async), so waiting holds no server thread, as long polls and protocols that push
     * need. The stage's response is written on the thread that completes it; a stage failing with
     * {@link ProblemException} answers that problem, any other failure 500. If it takes longer than
     * the configured time-out ({@code async.timeout.seconds}, 130 s by default), the client gets
     * 503 with {@code Retry-After} and the stage is cancelled. Headers added to this answer are sent
     * with the stage's response.
     *
     * @since 1.1
     */
    public static ApiResponse later(CompletionStage<ApiResponse> stage) {
        return new ApiResponse(0, Map.of(), new Later(stage));
    }

    /**
     * 200 with a body written as it is produced, without being held in memory (large exports,
     * event streams). An error before the first byte reaches the client still becomes a problem
     * answer; after it, the connection is closed so the client sees the body is incomplete.
     *
     * @param contentType its media type
     * @param fileName    suggested download name, or {@code null}
     * @param writer      writes the body
     * @since 1.1
     */
    public static ApiResponse stream(String contentType, String fileName, BodyWriter writer) {
        return new ApiResponse(200, Map.of(), new StreamedBody(contentType, fileName, writer));
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

    /**
     * The body of a {@link #later} answer.
     *
     * @param stage completes with the real answer
     * @since 1.1
     */
    public record Later(CompletionStage<ApiResponse> stage) {

        /** Validates. */
        public Later {
            Objects.requireNonNull(stage, "stage");
        }
    }

    /**
     * A body written as it is produced.
     *
     * @param contentType its media type
     * @param fileName    suggested download name, or {@code null}
     * @param writer      writes the body
     * @since 1.1
     */
    public record StreamedBody(String contentType, String fileName, BodyWriter writer) {

        /** Validates. */
        public StreamedBody {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(writer, "writer");
        }
    }
}
