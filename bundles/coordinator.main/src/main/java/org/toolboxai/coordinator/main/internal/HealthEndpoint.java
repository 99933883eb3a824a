package org.toolboxai.coordinator.main.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.ContributorHealth;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthService;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.health.Readiness;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;

/**
 * {@code GET /api/v1/health}, public so load balancers and monitors can poll it: 200 when UP,
 * DEGRADED or STARTING, 503 when DOWN. {@code GET /api/v1/health/ready}: 200 once the node should
 * get traffic, 503 with what it still waits for until then. Messages and details only go to
 * authenticated callers.
 */
@Component(service = ApiEndpoint.class)
public class HealthEndpoint implements ApiEndpoint {

    /** One contributor as JSON. */
    public record ContributorView(String name, HealthStatus status, boolean critical, String message,
            Map<String, Object> details, long responseMillis) {
    }

    /** The report as JSON. */
    public record HealthView(HealthStatus status, Instant checkedAt, List<ContributorView> contributors) {
    }

    /** Readiness as JSON. */
    public record ReadinessView(boolean ready, HealthStatus status, Instant checkedAt, List<PendingView> waitingFor) {
    }

    /** One thing readiness waits for, as JSON. */
    public record PendingView(String name, HealthStatus status, String message) {
    }

    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final HealthService health;
    /**
     * The public answer to the last report: the service hands out the same report for its cache
     * time, and every anonymous caller (load balancers, monitors) gets the same answer to it.
     */
    private volatile PublicAnswer lastPublic;

    private record PublicAnswer(HealthReport report, ApiResponse response) {
    }

    /** Serves the health service. */
    @Activate
    public HealthEndpoint(@Reference HealthService health) {
        this.health = health;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/health", null, this::health).described("Overall status and each contributor's: 200 when "
                        + "UP, DEGRADED or STARTING, 503 when DOWN; messages and details for authenticated callers",
                        null, HealthView.class),
                ApiRoute.get("/health/ready", null, this::ready).described("200 once the node should get traffic; until "
                        + "then 503 with what it waits for (readiness probe)", null, ReadinessView.class));
    }

    private ApiResponse health(ApiRequest request) {
        HealthReport report = health.check();
        boolean full = request.caller().isPresent();
        if (!full) {
            PublicAnswer last = lastPublic;
            if (last != null && last.report() == report) {
                return last.response();
            }
        }
        List<ContributorView> views = new ArrayList<>(report.contributors().size());
        for (ContributorHealth c : report.contributors()) {
            views.add(view(c, full));
        }
        int status = report.status() == HealthStatus.DOWN ? 503 : 200;
        ApiResponse response = new ApiResponse(status, NO_STORE,
                new HealthView(report.status(), report.checkedAt(), List.copyOf(views)));
        if (!full) {
            lastPublic = new PublicAnswer(report, response);
        }
        return response;
    }

    private ApiResponse ready(ApiRequest request) {
        Readiness readiness = health.readiness();
        boolean full = request.caller().isPresent();
        List<PendingView> waiting = readiness.waitingFor().stream()
                .map(p -> new PendingView(p.name(), p.status(), full ? p.message() : null)).toList();
        return ApiResponse.status(readiness.ready() ? 200 : 503,
                new ReadinessView(readiness.ready(), readiness.status(), readiness.checkedAt(), waiting))
                .withHeader("Cache-Control", "no-store");
    }

    private static ContributorView view(ContributorHealth c, boolean full) {
        return new ContributorView(c.name(), c.status(), c.critical(), full ? c.message() : null,
                full ? c.details() : null, c.responseMillis());
    }
}
