package org.toolboxai.web.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.Preprocessor;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authenticator;

/**
 * Authenticates the WebSocket handshake on {@code /ws} before the container upgrades it: the
 * {@code Authorization} header, or an API token in the {@code access_token} query parameter (a
 * browser cannot set headers on a WebSocket). Refused credentials get their 401, 403 or 429 as a
 * problem body, and no socket; accepted ones travel to {@link LiveSocket} as the request's user
 * principal. The JSR 356 endpoint never sees headers, so this is the one place that can read them.
 * Any other request passes untouched.
 */
@Component(service = Preprocessor.class)
public class LiveHandshake implements Preprocessor {

    static final String PATH = "/ws";
    /** A header with which this JVM's own {@link WhiteboardWatch} checks that /ws upgrades; the secret never leaves the JVM. */
    static final String PROBE_HEADER = "X-Toolbox-Live-Probe";
    static final String PROBE_SECRET = java.util.UUID.randomUUID().toString();

    private final Authenticator authenticator;
    private final ProblemWriter problems = new ProblemWriter(new JsonCodec());

    @Activate
    public LiveHandshake(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || !PATH.equals(pathOf(http))) {
            chain.doFilter(request, response);
            return;
        }
        String requestId = RequestIds.accept(http.getHeader(RequestIds.HEADER));
        httpResponse.setHeader(RequestIds.HEADER, requestId);
        if (!"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            problems.write(httpResponse, Problem.of(426, "Upgrade Required",
                    "/ws is a WebSocket: connect with a WebSocket client (Upgrade: websocket)."),
                    Map.of("Upgrade", "websocket"), PATH, requestId);
            return;
        }
        if (PROBE_SECRET.equals(http.getHeader(PROBE_HEADER))) {
            // the watch's probe: upgraded without a caller, the socket closes at once (1008)
            chain.doFilter(request, response);
            return;
        }
        String authorization = http.getHeader("Authorization");
        String token = http.getParameter(Authenticator.ACCESS_TOKEN);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                && !sameOrigin(http.getHeader("Origin"), http.getHeader("Host"))) {
            // a browser sends the Basic credentials it has cached to any page's WebSocket: a page of
            // another site must not open a socket as the user (cross-site WebSocket hijacking)
            problems.write(httpResponse, Problem.of(403, "Forbidden", "A page from another origin cannot use Basic credentials on "
                    + "/ws; pass an API token (access_token) instead."), Map.of(), PATH, requestId);
            return;
        }
        Authentication outcome;
        try {
            outcome = authenticator.authenticateUrlToken(authorization, token, http.getRemoteAddr());
        } catch (org.toolboxai.api.http.ProblemException e) {
            // the token store not answering yet: 503 with Retry-After, as REST answers it
            problems.write(httpResponse, e.problem(), e.headers(), PATH, requestId);
            return;
        }
        if (outcome instanceof Authentication.Denied denied) {
            problems.write(httpResponse, Problem.of(denied.status(), statusTitle(denied.status()), denied.reason()),
                    denied.headers(), PATH, requestId);
            return;
        }
        CallerPrincipal principal = new CallerPrincipal(outcome.caller().orElseThrow(), authorization, token, http.getRemoteAddr());
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return principal.getName();
            }
        }, response);
    }

    /** Whether a browser's {@code Origin} names the server it connects to; no {@code Origin}: not a browser page. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        try {
            java.net.URI uri = java.net.URI.create(origin);
            if (uri.getHost() == null || host == null) {
                return false;
            }
            String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The path inside the context, whatever the servlet mapping. */
    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    private static String statusTitle(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            default -> "Refused";
        };
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
