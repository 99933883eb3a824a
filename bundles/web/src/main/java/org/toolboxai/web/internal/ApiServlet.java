package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.DispatcherType;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
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
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authenticator;
import org.toolboxai.api.security.Caller;

/**
 * The one servlet behind {@code /api/*}: routes to the {@link ApiEndpoint} services present
 * right now, and applies request ids, authentication, roles, content negotiation, size limits
 * and problem details in this single place. Answers that come later are served asynchronously
 * ({@link AsyncAnswer}); {@code GET /api/v1/openapi.json} describes the routes served at that moment.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=toolbox-api",
        // also saves per-request work: Jetty wraps a servlet that does not declare it and formats
        // the wrapper's name into every request (4% of the CPU per request, profiled)
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true" })
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * Waits for the WebSocket endpoint: pax-web restarts the HTTP context when the first WebSocket
     * is registered, so it must come before the servlets, never while they serve.
     */
    @Reference
    void setLiveSocket(LiveSocket socket) {
        // the reference orders the registrations; the socket is not used here
    }
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** One line per request at DEBUG: {@code log:set DEBUG org.toolboxai.web.access}. */
    private static final Logger ACCESS = LoggerFactory.getLogger("org.toolboxai.web.access");
    private static final String PREFIX = "/v1";

    private final transient RouteTable routes = new RouteTable();
    private final transient JsonCodec json = new JsonCodec();
    private final transient ResponseWriter writer = new ResponseWriter(json, new ProblemWriter(json));
    private final transient Authenticator authenticator;
    private final transient WebSettings settings;

    /**
     * Starts with the authenticator (the service other servlets use too) and the settings. The
     * configuration is read from {@link WebSettings} on each request, never bound to this component:
     * its service properties, and so its registration with pax-web, stay the same whatever the
     * configuration does.
     */
    @Activate
    public ApiServlet(@Reference Authenticator authenticator, @Reference WebSettings settings) {
        this.authenticator = authenticator;
        this.settings = settings;
        routes.add(this, List.of(new OpenApiDocument(json.mapper(), routes::served, ApiServlet::version).route()));
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

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // a later answer failed after its first byte: throwing here makes the container close the connection
            AsyncAnswer.rethrowAborted(request);
            return;
        }
        String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put("requestId", requestId);
        long start = System.nanoTime();
        boolean later = false;
        try {
            ApiResponse answer = handle(request, requestId);
            if (answer.body() instanceof ApiResponse.Later deferred) {
                later = true;
                answer.headers().forEach(response::setHeader);
                AsyncAnswer.start(request, response, deferred, writer, requestId,
                        settings.current().asyncTimeoutMillis(), start);
            } else {
                writer.write(response, answer);
            }
        } catch (Exception e) {
            writer.fail(request, response, e, requestId);
        } finally {
            if (!later && ACCESS.isDebugEnabled()) {
                ACCESS.debug("{} {} -> {} in {} us", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - start) / 1000);
            }
            MDC.remove("requestId");
        }
    }

    private ApiResponse handle(HttpServletRequest request, String requestId) throws Exception {
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
                return ApiResponse.noContent().withHeader("Allow", allow + ", OPTIONS");
            }
            throw new ProblemException(Problem.of(405, "Method Not Allowed",
                    method + " is not allowed on /api/v1" + path + "; allowed: " + allow + "."), Map.of("Allow", allow));
        }
        RouteTable.Found found = (RouteTable.Found) result;
        ApiRoute route = found.route();

        Caller caller = authenticate(request, route);
        long maxBodyBytes = settings.current().maxBodyBytes();
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
        if (answer == null) {
            throw new IllegalStateException("the handler of " + method + " " + route.path() + " answered null");
        }
        return answer;
    }

    /** The caller of a request; REST takes credentials from the Authorization header only, never from the URL. */
    private Caller authenticate(HttpServletRequest request, ApiRoute route) {
        Authentication outcome;
        try {
            outcome = authenticator.authenticate(request.getHeader("Authorization"), request.getRemoteAddr());
        } catch (ProblemException unavailable) {
            // tokens cannot be checked now (the database): a public route still serves, anonymously
            if (route.role() == null) {
                return null;
            }
            throw unavailable;
        }
        if (outcome instanceof Authentication.Authenticated ok) {
            Caller caller = ok.identity();
            if (route.role() != null && !caller.has(route.role())) {
                throw new ProblemException(Problem.of(403, "Forbidden", "'" + caller.name() + "' has role "
                        + caller.role().id() + "; this route needs " + route.role().id() + "."));
            }
            return caller;
        }
        Authentication.Denied denied = (Authentication.Denied) outcome;
        if (route.role() == null && !(denied instanceof Authentication.Throttled)) {
            // public route: credentials are optional, and a stale token must not break a health probe
            return null;
        }
        String title = switch (denied.status()) {
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            default -> "Unauthorized";
        };
        throw new ProblemException(Problem.of(denied.status(), title, denied.reason()), denied.headers());
    }

    /** This bundle's version, the OpenAPI document's {@code info.version}. */
    private static String version() {
        Bundle bundle = FrameworkUtil.getBundle(ApiServlet.class);
        return bundle == null ? "development" : bundle.getVersion().toString();
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
