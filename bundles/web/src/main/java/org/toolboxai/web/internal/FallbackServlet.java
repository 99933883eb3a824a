package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.toolboxai.api.http.Problem;

/**
 * Answers every path no other servlet claims, and every error the servlet container raises
 * inside the context, with a problem body instead of Jetty's HTML page. Requests Jetty cannot
 * parse at all never get this far: the fragment {@code org.toolboxai.web.jetty} answers those.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=toolbox-fallback",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=4xx",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE + "=5xx" })
public class FallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * Waits for the WebSocket endpoint: pax-web restarts the HTTP context when the first WebSocket
     * is registered, so it must come before the servlets, never while they serve.
     */
    @Reference
    void setLiveSocket(LiveSocket socket) {
        // the reference orders the registrations; the socket is not used here
    }

    private final transient ProblemWriter problems = new ProblemWriter(new JsonCodec());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        Object errorStatus = request.getAttribute("javax.servlet.error.status_code");
        if (errorStatus instanceof Integer status) {
            Object uri = request.getAttribute("javax.servlet.error.request_uri");
            String title = title(status);
            String detail = status >= 500 ? "The server failed to answer; report request id " + requestId + "."
                    : "The request could not be processed (HTTP " + status + ").";
            problems.write(response, Problem.of(status, title, detail), Map.of(),
                    uri == null ? null : uri.toString(), requestId);
            return;
        }
        problems.write(response, Problem.of(404, "Not Found",
                "Nothing is served at " + request.getRequestURI() + "; the REST API is under /api/v1."),
                Map.of(), request.getRequestURI(), requestId);
    }

    /** The status's reason phrase as a problem's title (RFC 9110), not "Bad Request" for every 4xx. */
    static String title(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }
}
