package org.toolboxai.web.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's server-wide error handler, answering in RFC 9457 problem details instead of HTML.
 *
 * <p>Two kinds of request never reach a servlet, so neither the API dispatcher nor the
 * whiteboard error page can answer them: requests Jetty cannot parse at all (an oversized
 * header block, a malformed request line: {@link #badMessageError}) and requests it parsed but
 * refused before choosing a context (a URI that does not decode: {@link #generateAcceptableResponse}).
 * pax-web installs this handler from {@code etc/jetty.xml}.
 */
public class ProblemErrorHandler extends ErrorHandler {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String REQUEST_ID = "X-Request-Id";
    private static final int MAX_REASON = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

    public ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /**
     * Every method gets a body: Jetty's default answers only GET, POST and HEAD, so a malformed
     * DELETE or PUT would get an empty error.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** A request Jetty could not parse: only the status and Jetty's short reason are known. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        if (HttpStatus.hasNoBody(status)) {
            return ByteBuffer.allocate(0);
        }
        String requestId = newRequestId();
        LOG.debug("Unparseable request refused with {} ({}), request id {}", status, reason, requestId);
        fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        fields.put(REQUEST_ID, requestId);
        return ByteBuffer.wrap(body(status, detail(status, reason), null, requestId));
    }

    /** A parsed request refused before any servlet context took it. */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        if (HttpStatus.hasNoBody(code)) {
            return;
        }
        String requestId = newRequestId();
        LOG.debug("Request refused by the server with {} ({}), request id {}", code, message, requestId);
        byte[] body = body(code, detail(code, message), null, requestId);
        response.setHeader(REQUEST_ID, requestId);
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * A fixed sentence per status; only a 400's reason from Jetty's parser (a short constant such
     * as "Bad URI") is passed on. A 5xx message may be an exception's text: never echoed.
     */
    static String detail(int status, String reason) {
        if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
            return "The request headers are too large; send smaller headers.";
        }
        if (status == HttpStatus.URI_TOO_LONG_414) {
            return "The request URI is too long.";
        }
        if (status == HttpStatus.NOT_FOUND_404) {
            return "Nothing is served here; the REST API is under /api/v1.";
        }
        if (status >= 500) {
            return "The server failed to answer; report the request id to an administrator.";
        }
        if (status == HttpStatus.BAD_REQUEST_400 && reason != null && !reason.isBlank()
                && reason.length() <= MAX_REASON && !reason.contains("Exception")) {
            return "The request could not be parsed (" + reason + ").";
        }
        return "The request could not be processed (HTTP " + status + ").";
    }

    /** The problem body; the same members, in the same order, as the API's own problems. */
    static byte[] body(int status, String detail, String instance, String requestId) {
        StringBuilder json = new StringBuilder(160).append("{\"type\":\"about:blank\",\"title\":");
        string(json, HttpStatus.getMessage(status));
        json.append(",\"status\":").append(status).append(",\"detail\":");
        string(json, detail);
        if (instance != null) {
            json.append(",\"instance\":");
            string(json, instance);
        }
        json.append(",\"request_id\":");
        string(json, requestId);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    // a JSON string literal (RFC 8259: quote, backslash and control characters escaped)
    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }
}
