package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;

/** Writes a handler's answer (JSON, bytes or a stream) or its failure, on whichever thread delivers it. */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final JsonCodec json;
    private final ProblemWriter problems;

    ResponseWriter(JsonCodec json, ProblemWriter problems) {
        this.json = json;
        this.problems = problems;
    }

    /** Writes a complete answer; a {@link ApiResponse.Later} cannot be written (it is served asynchronously). */
    void write(HttpServletResponse response, ApiResponse answer) throws Exception {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        Object body = answer.body();
        if (body == null) {
            return;
        }
        byte[] bytes;
        if (body instanceof ApiResponse.BinaryBody binary) {
            bytes = binary.bytes();
            typed(response, binary.contentType(), binary.fileName());
        } else if (body instanceof ApiResponse.StreamedBody streamed) {
            typed(response, streamed.contentType(), streamed.fileName());
            streamed.writer().writeTo(response.getOutputStream());
            return;
        } else if (body instanceof ApiResponse.Later) {
            throw new IllegalStateException("a later answer completed with another later answer");
        } else {
            bytes = json.write(body);
            response.setContentType(ApiRoute.JSON);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void typed(HttpServletResponse response, String contentType, String fileName) {
        response.setContentType(contentType);
        if (fileName != null) {
            // a quote or a line break in a handler's file name must not end the header value
            response.setHeader("Content-Disposition",
                    "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\p{Cntrl}]", "_") + "\"");
        }
    }

    /**
     * Answers a failure with its problem ({@link ProblemException}) or a 500 naming only the request
     * id. Once the first byte has reached the client a problem can no longer be sent: the failure is
     * logged and thrown on, so that the container closes the connection and the client sees the
     * body is incomplete instead of a truncated body that looks whole.
     */
    void fail(HttpServletRequest request, HttpServletResponse response, Throwable failure, String requestId)
            throws IOException {
        Throwable cause = unwrap(failure);
        String instance = request.getRequestURI();
        if (response.isCommitted()) {
            if (cause instanceof IOException) {
                LOG.info("Request {} {}: connection closed after the first byte ({}; request id {})",
                        request.getMethod(), instance, cause.toString(), requestId);
            } else {
                LOG.warn("Request {} {} failed after the first byte; closing the connection (request id {})",
                        request.getMethod(), instance, requestId, cause);
            }
            throw cause instanceof IOException io ? io : new IOException("answer failed after its first byte", cause);
        }
        // drop whatever the answer had set (its type, a file name) before the problem replaces it
        response.reset();
        response.setHeader(RequestIds.HEADER, requestId);
        if (cause instanceof ProblemException problem) {
            problems.write(response, problem.problem(), problem.headers(), instance, requestId);
            return;
        }
        LOG.error("Request {} {} failed (request id {})", request.getMethod(), instance, requestId, cause);
        problems.write(response, Problem.of(500, "Internal Server Error",
                "The server failed to answer; report request id " + requestId + " to an administrator."),
                Map.of(), instance, requestId);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
