package org.toolboxai.coordinator.main.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthService;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.health.Readiness;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

class HealthEndpointTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private static HealthEndpoint endpoint(Readiness readiness) {
        return new HealthEndpoint(new HealthService() {
            @Override
            public HealthReport check() {
                return new HealthReport(readiness.status(), NOW, List.of());
            }

            @Override
            public Readiness readiness() {
                return readiness;
            }
        });
    }

    private static ApiResponse get(HealthEndpoint endpoint, String path, Caller caller) throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
        assertThat(route.role()).as("public, like health").isNull();
        ApiRequest request = (ApiRequest) Proxy.newProxyInstance(HealthEndpointTest.class.getClassLoader(),
                new Class<?>[] {ApiRequest.class}, (proxy, method, args) ->
                        method.getName().equals("caller") ? Optional.ofNullable(caller) : null);
        return route.handler().handle(request);
    }

    @Test
    void notReadyIs503ListingWhatIsStillStartingWithoutReasonsForAnonymousCallers() throws Exception {
        HealthEndpoint endpoint = endpoint(new Readiness(HealthStatus.STARTING, NOW,
                List.of(new Readiness.Pending("store", HealthStatus.STARTING, "The database is starting."))));

        ApiResponse anonymous = get(endpoint, "/health/ready", null);

        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(anonymous.body()).isEqualTo(new HealthEndpoint.ReadinessView(false, HealthStatus.STARTING, NOW,
                List.of(new HealthEndpoint.PendingView("store", HealthStatus.STARTING, null))));
        ApiResponse admin = get(endpoint, "/health/ready", new Caller("alice", Role.ADMIN, "token"));
        assertThat(((HealthEndpoint.ReadinessView) admin.body()).waitingFor().get(0).message())
                .isEqualTo("The database is starting.");
    }

    @Test
    void readyIs200() throws Exception {
        ApiResponse ready = get(endpoint(new Readiness(HealthStatus.DEGRADED, NOW, List.of())), "/health/ready", null);

        assertThat(ready.status()).isEqualTo(200);
        assertThat(((HealthEndpoint.ReadinessView) ready.body()).ready()).isTrue();
    }

    @Test
    void startingHealthIs200SoMonitorsDoNotAlarmDuringTheBoot() throws Exception {
        ApiResponse health = get(endpoint(new Readiness(HealthStatus.STARTING, NOW, List.of())), "/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(((HealthEndpoint.HealthView) health.body()).status()).isEqualTo(HealthStatus.STARTING);
    }
    @Test
    void anonymousCallersShareTheAnswerToOneReportAndAuthenticatedOnesGetTheirOwn() throws Exception {
        java.util.concurrent.atomic.AtomicReference<HealthReport> report = new java.util.concurrent.atomic.AtomicReference<>(
                new HealthReport(HealthStatus.UP, NOW, List.of(new org.toolboxai.api.health.ContributorHealth("store",
                        HealthStatus.UP, true, "fine", java.util.Map.of("pool", 3), 2))));
        HealthEndpoint endpoint = new HealthEndpoint(new HealthService() {
            @Override
            public HealthReport check() {
                return report.get();
            }

            @Override
            public Readiness readiness() {
                throw new UnsupportedOperationException();
            }
        });

        ApiResponse first = get(endpoint, "/health", null);
        ApiResponse admin = get(endpoint, "/health", new Caller("alice", Role.ADMIN, "token"));
        ApiResponse second = get(endpoint, "/health", null);

        assertThat(second).isSameAs(first);
        assertThat(first.headers()).containsEntry("Cache-Control", "no-store");
        HealthEndpoint.ContributorView anonymousView = ((HealthEndpoint.HealthView) first.body()).contributors().get(0);
        assertThat(anonymousView.message()).isNull();
        assertThat(anonymousView.details()).isNull();
        HealthEndpoint.ContributorView adminView = ((HealthEndpoint.HealthView) admin.body()).contributors().get(0);
        assertThat(adminView.message()).isEqualTo("fine");
        assertThat(adminView.details()).containsEntry("pool", 3);

        report.set(new HealthReport(HealthStatus.DOWN, NOW.plusSeconds(1), List.of()));
        ApiResponse next = get(endpoint, "/health", null);
        assertThat(next.status()).isEqualTo(503);
        assertThat(((HealthEndpoint.HealthView) next.body()).checkedAt()).isEqualTo(NOW.plusSeconds(1));
    }
}
