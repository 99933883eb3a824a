package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

import org.toolboxai.api.http.Problem;

/** Writes RFC 9457 problem bodies; the only way an error leaves this bundle. */
final class ProblemWriter {

    static final String PROBLEM_JSON = "application/problem+json";

    private final JsonCodec json;

    ProblemWriter(JsonCodec json) {
        this.json = json;
    }

    void write(HttpServletResponse response, Problem problem, Map<String, String> headers, String instance,
            String requestId) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        headers.forEach(response::setHeader);
        byte[] body = json.write(JsonCodec.problemMembers(problem, instance, requestId));
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
