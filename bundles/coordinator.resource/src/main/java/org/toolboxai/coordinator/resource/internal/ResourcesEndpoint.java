package org.toolboxai.coordinator.resource.internal;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Role;

/**
 * {@code GET /api/v1/resources} (admins): each external service with its limits, the tokens left
 * now in its shared limits, calls in flight on this node and its last hour a minute at a time;
 * the allocation leases and their capacities; today's budgets; the recommendations.
 */
@Component(service = ApiEndpoint.class)
public class ResourcesEndpoint implements ApiEndpoint {

    /** One service's limits ({@code 0}: not limited). */
    public record LimitsView(long perMinute, long burst, long perDay, int concurrentPerNode) {
    }

    /** One minute of a service's use on this node. */
    public record MinuteView(Instant at, long granted, long waited, long waitMillis, long refusedByLimit, long refusedByBudget,
            long failed, long settled, BigDecimal costUsd) {
    }

    /** One service. */
    public record ServiceView(String service, LimitsView limits, Map<String, Long> available, int inFlight, long granted, long waited,
            long refused, long totalWaitMillis, List<MinuteView> lastHour) {
    }

    /** One allocation lease. */
    public record LeaseView(String id, String holder, String node, Map<String, Long> amounts, Instant createdAt, Instant expiresAt) {
    }

    /** Capacities, use and leases. */
    public record AllocationsView(Map<String, Long> capacity, Map<String, Long> inUse, int waiting, List<LeaseView> leases) {
    }

    /** One budget today. */
    public record BudgetView(String scope, BigDecimal dailyUsd, BigDecimal reservedUsd, BigDecimal settledUsd, BigDecimal leftUsd) {
    }

    /** The answer. */
    public record Resources(String node, Instant at, List<ServiceView> services, AllocationsView allocations, LocalDate day,
            List<BudgetView> budgets, List<String> recommendations, List<String> configurationProblems) {
    }

    private final ResourceCoordinator resources;
    private final Clock clock;

    @Activate
    public ResourcesEndpoint(@Reference ResourceCoordinator resources) {
        this(resources, Clock.systemUTC());
    }

    public ResourcesEndpoint(ResourceCoordinator resources, Clock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/resources", Role.ADMIN, request -> ApiResponse.ok(view()))
                .described("External services with their limits, current use and last hour; allocation leases; today's budgets; "
                        + "recommendations", null, Resources.class));
    }

    /** What the endpoint and {@code toolbox:resources} show. */
    public Resources view() {
        try {
            Map<String, ServiceView> services = new TreeMap<>();
            for (RateLimits.Snapshot s : resources.limits().snapshot()) {
                services.put(s.service(), service(s));
            }
            for (String seen : resources.monitor().services()) {
                services.computeIfAbsent(seen, name -> new ServiceView(name, null, Map.of(), 0, 0, 0, 0, 0, lastHour(name)));
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            List<BudgetLedger.Spend> spends = resources.ledger().budgetsOn(today);
            List<BudgetView> budgets = spends.stream().map(s -> new BudgetView(s.scope(), Money.dollars(s.budget()),
                    Money.dollars(s.reserved()), Money.dollars(s.settled()), Money.dollars(s.left()))).toList();
            Allocations allocations = resources.allocations();
            List<LeaseView> leases = new ArrayList<>();
            Map<String, Long> inUse = new TreeMap<>();
            for (Allocations.Lease l : allocations.list()) {
                leases.add(new LeaseView(l.id(), l.holder(), l.node(), l.amounts(), l.createdAt(), l.expiresAt()));
                l.amounts().forEach((k, v) -> inUse.merge(k, v, Long::sum));
            }
            return new Resources(System.getProperty("karaf.name", "node"), clock.instant(), List.copyOf(services.values()),
                    new AllocationsView(allocations.capacity(), inUse, allocations.waiting(), leases), today, budgets,
                    resources.monitor().recommendations(resources.limits().limits(), spends), resources.problems());
        } catch (SQLException e) {
            throw ProblemException.unavailable("The resource tables cannot be read from the store now; try again shortly.");
        }
    }

    private ServiceView service(RateLimits.Snapshot s) {
        ServiceLimits l = s.limits();
        return new ServiceView(s.service(), l == null ? null : new LimitsView(l.perMinute(), l.burst(), l.perDay(), l.concurrent()),
                s.available(), s.inFlight(), s.granted(), s.waited(), s.refused(), s.totalWait().toMillis(), lastHour(s.service()));
    }

    private List<MinuteView> lastHour(String service) {
        return resources.monitor().series(service).stream().map(m -> new MinuteView(m.at(), m.granted(), m.waited(), m.waitMillis(),
                m.refusedByLimit(), m.refusedByBudget(), m.failed(), m.settled(), Money.dollars(m.costMicros()))).toList();
    }
}
