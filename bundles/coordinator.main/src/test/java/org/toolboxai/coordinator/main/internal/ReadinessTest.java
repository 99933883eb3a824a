package org.toolboxai.coordinator.main.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.health.Readiness;
import org.toolboxai.coordinator.main.internal.HealthAggregatorTest.FakeContributor;
import org.toolboxai.coordinator.main.internal.HealthAggregatorTest.TestHealthConfig;

/** Readiness and the STARTING status: what the boot and the contributors make of them. */
class ReadinessTest {

    private final AtomicBoolean bootFinished = new AtomicBoolean();
    private Set<String> required = Set.of();
    private final BootProgress boot = new BootProgress() {
        @Override
        public boolean finished() {
            return bootFinished.get();
        }

        @Override
        public Set<String> requiredContributors() {
            return required;
        }
    };
    private HealthAggregator aggregator = aggregator(0);

    @AfterEach
    void tearDown() {
        aggregator.deactivate();
    }

    private HealthAggregator aggregator(long cacheMillis) {
        return new HealthAggregator(new TestHealthConfig(500, 4, cacheMillis), Clock.systemUTC(), System::nanoTime, boot);
    }

    private FakeContributor add(String name, boolean critical, HealthCheck answer) {
        FakeContributor contributor = new FakeContributor(name, critical, () -> answer);
        aggregator.addContributor(contributor);
        return contributor;
    }

    private static HealthCheck up() {
        return HealthCheck.up(Map.of());
    }

    private static HealthCheck starting(String why) {
        return new HealthCheck(HealthStatus.STARTING, why, Map.of());
    }

    @Test
    void duringTheBootTheNodeIsStartingAndNotReadyThoughEveryContributorIsUp() {
        add("runtime", true, up());

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.STARTING);
        Readiness readiness = aggregator.readiness();
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.waitingFor()).containsExactly(
                new Readiness.Pending("boot", HealthStatus.STARTING, "The boot features are still being installed."));
    }

    @Test
    void onceTheBootIsOverWithEveryContributorUpTheNodeIsReadyAndUp() {
        add("runtime", true, up());
        bootFinished.set(true);

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(aggregator.readiness().ready()).isTrue();
        assertThat(aggregator.readiness().status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void aRequiredContributorNotRegisteredYetKeepsTheNodeStartingUntilItAppears() {
        bootFinished.set(true);
        required = Set.of("workflow");
        add("runtime", true, up());

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.STARTING);
        assertThat(aggregator.readiness().waitingFor()).extracting(Readiness.Pending::name).containsExactly("workflow");

        add("workflow", true, up());

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(aggregator.readiness().ready()).isTrue();
    }

    @Test
    void aCriticalContributorStillStartingKeepsTheNodeNotReadyAndSaysWhy() {
        bootFinished.set(true);
        add("runtime", true, up());
        add("store", true, starting("The database is starting."));

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.STARTING);
        assertThat(aggregator.readiness().waitingFor()).containsExactly(
                new Readiness.Pending("store", HealthStatus.STARTING, "The database is starting."));
    }

    @Test
    void aCriticalContributorDownMakesTheNodeDownEvenDuringTheBoot() {
        add("store", true, HealthCheck.down("gone"));

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(aggregator.readiness().ready()).isFalse();
        assertThat(aggregator.readiness().waitingFor()).extracting(Readiness.Pending::name).containsExactly("boot", "store");
    }

    @Test
    void aDegradedCriticalContributorKeepsTheNodeInService() {
        bootFinished.set(true);
        add("workflow", true, HealthCheck.degraded("slow", Map.of()));

        assertThat(aggregator.readiness().ready()).isTrue();
        assertThat(aggregator.readiness().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void anOptionalContributorStartingOrDownOnlyDegradesAndDoesNotBlockReadiness() {
        bootFinished.set(true);
        add("lms.canvas", false, starting("connecting"));
        add("lms.moodle", false, HealthCheck.down("unreachable"));

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(aggregator.readiness().ready()).isTrue();
    }

    @Test
    void anOptionalContributorThatABundleRequiresBlocksReadinessWhileDown() {
        bootFinished.set(true);
        required = Set.of("lms.canvas");
        add("lms.canvas", false, HealthCheck.down("unreachable"));

        assertThat(aggregator.readiness().ready()).isFalse();
        assertThat(aggregator.readiness().waitingFor()).containsExactly(
                new Readiness.Pending("lms.canvas", HealthStatus.DOWN, "unreachable"));
        // down, not starting: the overall status says what the contributors say
        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void healthAndReadinessComeFromOneCheck() {
        aggregator.deactivate();
        aggregator = aggregator(60_000);
        bootFinished.set(true);
        FakeContributor runtime = add("runtime", true, up());

        HealthReport report = aggregator.check();
        Readiness readiness = aggregator.readiness();

        assertThat(runtime.invocations).hasValue(1);
        assertThat(readiness.checkedAt()).isEqualTo(report.checkedAt());
    }

    @Test
    void theRequiresHeaderListsNamesSeparatedByCommas() {
        assertThat(KarafBootProgress.declared(" workflow, lms.canvas ,, ")).containsExactly("lms.canvas", "workflow");
        assertThat(KarafBootProgress.declared(null)).isEmpty();
    }
}
