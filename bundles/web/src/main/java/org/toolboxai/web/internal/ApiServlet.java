package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Caller;

/**
 * The one servlet behind {@code /api/*}: routes to the {@link ApiEndpoint} services present
 * right now, and applies request ids, authentication, roles, content negotiation, size limits
 * and problem details in this single place.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=toolbox-api",
        // not for async use: Jetty wraps a servlet that does not declare it and formats the
        // wrapper's name into every request (4% of the CPU per request, profiled)
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true" })
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** One line per request at DEBUG: {@code log:set DEBUG org.toolboxai.web.access}. */
    private static final Logger ACCESS = LoggerFactory.getLogger("org.toolboxai.web.access");
    private static final String PREFIX = "/v1";
    private static final String WWW_AUTHENTICATE = "Basic realm=\"toolbox\", Bearer realm=\"toolbox\"";

    private final transient RouteTable routes = new RouteTable();
    private final transient JsonCodec json = new JsonCodec();
    private final transient ProblemWriter problems = new ProblemWriter(json);
    private final transient ApiTokenService tokens;
    private final transient WebSettings settings;
    private final transient LoginThrottle throttle = new LoginThrottle(20, System::currentTimeMillis);
    /** What the servlet built from the settings it last saw. */
    private transient volatile Applied applied;

    private record Applied(WebSettings.Values values, Authenticator authenticator) {
    }

    /**
     * Starts with the token service and the settings. The configuration is read from
     * {@link WebSettings} on each request, never bound to this component: its service properties,
     * and so its registration with pax-web, stay the same whatever the configuration does.
     */
    @Activate
    public ApiServlet(@Reference ApiTokenService tokens, @Reference WebSettings settings) {
        this.tokens = tokens;
        this.settings = settings;
    }

    /** An endpoint bundle appeared: serve its routes. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEndpoint(ApiEndpoint endpoint, Map<String, Object> properties) {
        List<ApiRoute> list;
        try {
            list = endpoint.routes();
        } catch (RuntimeException e) {
            LOG.error("Endpoint {} failed to list its routes; it is not served", endpoint, e);
            return;
        }
        routes.add(endpoint, list, properties);
        LOG.debug("Serving {} routes of {}", list.size(), endpoint);
    }

    /** An endpoint bundle went away: its routes go with it. */
    void removeEndpoint(ApiEndpoint endpoint) {
        routes.remove(endpoint);
    }

    /** How many routes are served now. */
    int routeCount() {
        return routes.size();
    }

    /** The settings now in force, with what depends on them rebuilt once per change. */
    private Applied applied() {
        WebSettings.Values now = settings.current();
        Applied last = applied;
        if (last != null && last.values() == now) {
            return last;
        }
        // two requests racing here build equal values; either may win
        throttle.limit(now.loginFailuresPerMinute());
        Applied next = new Applied(now, new Authenticator(tokens, new JaasPasswordRealm(now.jaasRealm())));
        applied = next;
        return next;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put("requestId", requestId);
        String instance = request.getRequestURI();
        long start = System.nanoTime();
        try {
            handle(request, response, requestId, applied());
        } catch (ProblemException e) {
            problems.write(response, e.problem(), e.headers(), instance, requestId);
        } catch (Exception e) {
            LOG.error("Request {} {} failed (request id {})", request.getMethod(), instance, requestId, e);
            problems.write(response, Problem.of(500, "Internal Server Error",
                    "The server failed to answer; report request id " + requestId + " to an administrator."),
                    Map.of(), instance, requestId);
        } finally {
            if (ACCESS.isDebugEnabled()) {
                ACCESS.debug("{} {} -> {} in {} us", request.getMethod(), instance, response.getStatus(),
                        (System.nanoTime() - start) / 1000);
            }
            MDC.remove("requestId");
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, String requestId, Applied applied)
            throws Exception {
        String pathInfo = request.getPathInfo();
        if (pathInfo == null || !(pathInfo.equals(PREFIX) || pathInfo.startsWith(PREFIX + "/"))) {
            throw ProblemException.notFound("No API here; the REST API is under /api/v1.");
        }
        String path = pathInfo.substring(PREFIX.length());
        String method = request.getMethod();
        RouteTable.Result result = routes.match(method, path);
        if (result instanceof RouteTable.NotFound) {
            throw ProblemException.notFound("No route matches " + method + " /api/v1" + path + ".");
        }
        if (result instanceof RouteTable.MethodNotAllowed notAllowed) {
            String allow = String.join(", ", notAllowed.allowed());
            if (method.equals("OPTIONS")) {
                response.setHeader("Allow", allow + ", OPTIONS");
                response.setStatus(204);
                return;
            }
            throw new ProblemException(Problem.of(405, "Method Not Allowed",
                    method + " is not allowed on /api/v1" + path + "; allowed: " + allow + "."), Map.of("Allow", allow));
        }
        RouteTable.Found found = (RouteTable.Found) result;
        ApiRoute route = found.route();

        Caller caller = authenticate(request, route, applied.authenticator());
        long maxBodyBytes = applied.values().maxBodyBytes();
        if (!accepts(request.getHeader("Accept"), route.produces())) {
            throw new ProblemException(Problem.of(406, "Not Acceptable",
                    "This route answers " + route.produces() + "; the Accept header does not allow it."));
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new ProblemException(Problem.of(413, "Content Too Large",
                    "The request body is larger than the limit of " + maxBodyBytes + " bytes."));
        }
        ServletApiRequest apiRequest = new ServletApiRequest(request, path, found.params(), caller, requestId, json,
                maxBodyBytes);
        ApiResponse answer = route.handler().handle(apiRequest);
        write(response, answer);
    }

    private Caller authenticate(HttpServletRequest request, ApiRoute route, Authenticator authenticator) {
        String authorization = request.getHeader("Authorization");
        String address = request.getRemoteAddr();
        if (authorization != null) {
            long retryAfter = throttle.retryAfterSeconds(address);
            if (retryAfter > 0) {
                throw ProblemException.tooManyRequests("Too many failed logins from " + address
                        + "; try again in " + retryAfter + " s.", retryAfter);
            }
        }
        Authenticator.Outcome outcome = authenticator.authenticate(authorization);
        if (outcome instanceof Authenticator.Rejected rejected && !rejected.forbidden()) {
            throttle.recordFailure(address);
        }
        if (route.role() == null) {
            // public route: credentials are optional, and a stale token must not break a health probe
            return outcome instanceof Authenticator.Authenticated ok ? ok.caller() : null;
        }
        if (outcome instanceof Authenticator.Authenticated ok) {
            if (!ok.caller().has(route.role())) {
                throw new ProblemException(Problem.of(403, "Forbidden", "'" + ok.caller().name() + "' has role "
                        + ok.caller().role().id() + "; this route needs " + route.role().id() + "."));
            }
            return ok.caller();
        }
        if (outcome instanceof Authenticator.Rejected rejected && rejected.forbidden()) {
            throw new ProblemException(Problem.of(403, "Forbidden", rejected.reason()));
        }
        String detail = outcome instanceof Authenticator.Rejected rejected ? rejected.reason()
                : "This route needs credentials: HTTP Basic (a JAAS user) or 'Authorization: Bearer <API token>'.";
        throw new ProblemException(Problem.of(401, "Unauthorized", detail), Map.of("WWW-Authenticate", WWW_AUTHENTICATE));
    }

    private void write(HttpServletResponse response, ApiResponse answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        Object body = answer.body();
        if (body == null) {
            return;
        }
        byte[] bytes;
        if (body instanceof ApiResponse.BinaryBody binary) {
            bytes = binary.bytes();
            response.setContentType(binary.contentType());
            if (binary.fileName() != null) {
                response.setHeader("Content-Disposition", "attachment; filename=\"" + binary.fileName() + "\"");
            }
        } else {
            bytes = json.write(body);
            response.setContentType(ApiRoute.JSON);
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Whether an Accept header admits a media type (an absent header admits everything). The most
     * specific matching range decides, so {@code application/json;q=0, *}{@code /*} refuses JSON.
     */
    static boolean accepts(String accept, String mediaType) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        String type = mediaType.toLowerCase(Locale.ROOT);
        String major = type.substring(0, type.indexOf('/') + 1);
        int bestSpecificity = -1;
        boolean bestAllows = false;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String candidate = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity;
            if (candidate.equals(type)) {
                specificity = 3;
            } else if (type.equals(ApiRoute.JSON) && candidate.equals("application/problem+json")) {
                specificity = 2;
            } else if (candidate.equals(major + "*")) {
                specificity = 1;
            } else if (candidate.equals("*/*")) {
                specificity = 0;
            } else {
                continue;
            }
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(param.substring(2).trim());
                    } catch (NumberFormatException e) {
                        quality = 1;
                    }
                }
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                bestAllows = quality > 0;
            }
        }
        return bestAllows;
    }
}
