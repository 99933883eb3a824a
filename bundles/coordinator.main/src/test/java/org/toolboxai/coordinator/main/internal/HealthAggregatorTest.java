package org.toolboxai.coordinator.main.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.ContributorHealth;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthStatus;

class HealthAggregatorTest {

    private static final long TIMEOUT_MILLIS = 200;
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    /** A configuration as Declarative Services would hand it over. */
    static final class TestHealthConfig implements HealthConfig {
        private final long timeoutMillis;
        private final int maxInFlight;
        private final long cacheMillis;

        TestHealthConfig(long timeoutMillis, int maxInFlight) {
            this(timeoutMillis, maxInFlight, 0);
        }

        TestHealthConfig(long timeoutMillis, int maxInFlight, long cacheMillis) {
            this.timeoutMillis = timeoutMillis;
            this.maxInFlight = maxInFlight;
            this.cacheMillis = cacheMillis;
        }

        @Override
        public long cache_millis() {
            return cacheMillis;
        }

        @Override
        public long contributor_timeout_millis() {
            return timeoutMillis;
        }

        @Override
        public int max_checks_in_flight() {
            return maxInFlight;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return HealthConfig.class;
        }
    }

    @FunctionalInterface
    interface Check {
        HealthCheck run() throws Exception;
    }

    /** A contributor that counts its checks. */
    static final class FakeContributor implements HealthContributor {
        final String name;
        final boolean critical;
        final Check check;
        final AtomicInteger invocations = new AtomicInteger();

        FakeContributor(String name, boolean critical, Check check) {
            this.name = name;
            this.critical = critical;
            this.check = check;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean critical() {
            return critical;
        }

        @Override
        public HealthCheck check() throws Exception {
            invocations.incrementAndGet();
            return check.run();
        }
    }

    private final List<CountDownLatch> latches = new ArrayList<>();
    private HealthAggregator aggregator;

    @BeforeEach
    void setUp() {
        aggregator = new HealthAggregator(new TestHealthConfig(TIMEOUT_MILLIS, 8), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        try {
            latches.forEach(CountDownLatch::countDown);
        } finally {
            aggregator.deactivate();
        }
    }

    private CountDownLatch latch() {
        CountDownLatch latch = new CountDownLatch(1);
        latches.add(latch);
        return latch;
    }

    private FakeContributor add(String name, boolean critical, Check check) {
        FakeContributor contributor = new FakeContributor(name, critical, check);
        aggregator.addContributor(contributor);
        return contributor;
    }

    private FakeContributor up(String name, boolean critical) {
        return add(name, critical, () -> HealthCheck.up(Map.of("ok", true)));
    }

    private FakeContributor down(String name, boolean critical) {
        return add(name, critical, () -> HealthCheck.down(name + " is down"));
    }

    private FakeContributor hanging(String name, boolean critical, CountDownLatch latch) {
        return add(name, critical, () -> {
            latch.await();
            return HealthCheck.up(Map.of());
        });
    }

    private static ContributorHealth result(HealthReport report, String name) {
        return report.contributors().stream().filter(c -> name.equals(c.name())).findFirst().orElseThrow();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void noContributorsIsUpWithTheCheckTime() {
        HealthReport report = aggregator.check();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(report.contributors()).isEmpty();
    }

    @Test
    void allUpIsUpAndEachResultCarriesTheContributorsAnswer() {
        up("http", true);
        add("lms.canvas", false, () -> HealthCheck.up(Map.of("courses", 3)));

        HealthReport report = aggregator.check();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        ContributorHealth canvas = result(report, "lms.canvas");
        assertThat(canvas.status()).isEqualTo(HealthStatus.UP);
        assertThat(canvas.critical()).isFalse();
        assertThat(canvas.message()).isNull();
        assertThat(canvas.details()).containsExactly(Map.entry("courses", 3));
        assertThat(canvas.responseMillis()).isBetween(0L, TIMEOUT_MILLIS);
        assertThat(result(report, "http").critical()).isTrue();
    }

    @Test
    void nonCriticalDownMakesTheSystemDegraded() {
        up("http", true);
        down("lms.canvas", false);

        HealthReport report = aggregator.check();

        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(result(report, "lms.canvas").status()).isEqualTo(HealthStatus.DOWN);
        assertThat(result(report, "lms.canvas").message()).isEqualTo("lms.canvas is down");
    }

    @Test
    void nonCriticalDegradedMakesTheSystemDegraded() {
        up("http", true);
        add("llm", false, () -> HealthCheck.degraded("slow", Map.of()));

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void criticalDegradedMakesTheSystemOnlyDegraded() {
        add("database", true, () -> HealthCheck.degraded("replica lagging", Map.of()));

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void criticalDownMakesTheSystemDownWhateverTheOthersSay() {
        down("alpha", false);
        add("beta", false, () -> HealthCheck.degraded("slow", Map.of()));
        down("database", true);
        up("zeta", true);

        HealthReport report = aggregator.check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.contributors()).hasSize(4);
    }

    @Test
    void overallRulesOnPlainResults() {
        ContributorHealth upCritical = new ContributorHealth("a", HealthStatus.UP, true, null, Map.of(), 1);
        ContributorHealth downOptional = new ContributorHealth("b", HealthStatus.DOWN, false, "x", Map.of(), 1);
        ContributorHealth downCritical = new ContributorHealth("c", HealthStatus.DOWN, true, "x", Map.of(), 1);

        assertThat(HealthAggregator.overall(List.of())).isEqualTo(HealthStatus.UP);
        assertThat(HealthAggregator.overall(List.of(upCritical))).isEqualTo(HealthStatus.UP);
        assertThat(HealthAggregator.overall(List.of(upCritical, downOptional))).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthAggregator.overall(List.of(downOptional, downCritical))).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void contributorThatThrowsIsDownWithTheExceptionMessage() {
        up("http", true);
        add("lms.canvas", false, () -> {
            throw new IllegalStateException("token expired");
        });

        HealthReport report = aggregator.check();

        ContributorHealth canvas = result(report, "lms.canvas");
        assertThat(canvas.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(canvas.message()).isEqualTo("check failed: IllegalStateException: token expired");
        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void criticalContributorThatThrowsMakesTheSystemDown() {
        add("database", true, () -> {
            throw new java.io.IOException();
        });

        HealthReport report = aggregator.check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(result(report, "database").message()).isEqualTo("check failed: IOException");
    }

    @Test
    void contributorThatThrowsAnErrorIsDownToo() {
        add("broken", false, () -> {
            throw new AssertionError("bad state");
        });

        assertThat(result(aggregator.check(), "broken").message()).isEqualTo("check failed: AssertionError: bad state");
    }

    @Test
    void contributorThatReturnsNullIsDown() {
        add("lazy", false, () -> null);

        ContributorHealth lazy = result(aggregator.check(), "lazy");

        assertThat(lazy.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(lazy.message()).isEqualTo("the contributor returned no result");
    }

    @Test
    void contributorWhoseNameOrCriticalThrowsIsStillReported() {
        HealthContributor odd = new HealthContributor() {
            @Override
            public String name() {
                throw new IllegalStateException("no name");
            }

            @Override
            public boolean critical() {
                throw new IllegalStateException("undecided");
            }

            @Override
            public HealthCheck check() {
                return HealthCheck.down("odd");
            }
        };
        aggregator.addContributor(odd);

        HealthReport report = aggregator.check();

        assertThat(report.contributors()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(odd.getClass().getName());
            assertThat(c.critical()).isFalse();
        });
        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void hangingContributorIsDownAndTheCheckReturnsWithinABoundedTime() {
        CountDownLatch latch = latch();
        up("http", true);
        hanging("lms.canvas", false, latch);

        long start = System.nanoTime();
        HealthReport report = aggregator.check();
        long elapsed = millisSince(start);

        assertThat(elapsed).isGreaterThanOrEqualTo(TIMEOUT_MILLIS - 20).isLessThan(1500);
        ContributorHealth canvas = result(report, "lms.canvas");
        assertThat(canvas.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(canvas.message()).isEqualTo("no answer within " + TIMEOUT_MILLIS + " ms");
        assertThat(canvas.responseMillis()).isEqualTo(TIMEOUT_MILLIS);
        assertThat(result(report, "http").status()).isEqualTo(HealthStatus.UP);
        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void hangingCriticalContributorMakesTheSystemDown() {
        hanging("database", true, latch());

        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void hangingContributorsShareOneDeadlineInsteadOfAddingUp() {
        CountDownLatch latch = latch();
        for (int i = 0; i < 6; i++) {
            hanging("hang-" + i, false, latch);
        }

        long start = System.nanoTime();
        HealthReport report = aggregator.check();
        long elapsed = millisSince(start);

        // six time-outs one after the other would take 1200 ms
        assertThat(elapsed).isLessThan(1000);
        assertThat(report.contributors()).allSatisfy(c -> assertThat(c.status()).isEqualTo(HealthStatus.DOWN));
    }

    @Test
    void hangingContributorIsNotAskedAgainWhileItStillHangs() {
        CountDownLatch latch = latch();
        FakeContributor hung = hanging("lms.canvas", false, latch);

        for (int i = 0; i < 3; i++) {
            assertThat(result(aggregator.check(), "lms.canvas").message()).startsWith("no answer within");
        }

        assertThat(hung.invocations).hasValue(1);
    }

    @Test
    void contributorIsAskedAgainOnceItsHangingCheckHasFinished() {
        CountDownLatch latch = latch();
        FakeContributor hung = hanging("lms.canvas", false, latch);
        aggregator.check();

        latch.countDown();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(
                () -> assertThat(result(aggregator.check(), "lms.canvas").status()).isEqualTo(HealthStatus.UP));
        int before = hung.invocations.get();
        aggregator.check();

        assertThat(hung.invocations).hasValue(before + 1);
    }

    @Test
    void healthyContributorIsAskedOnEveryCheck() {
        FakeContributor http = up("http", true);

        aggregator.check();
        aggregator.check();
        aggregator.check();

        assertThat(http.invocations).hasValue(3);
    }

    @Test
    void checksBeyondThePoolSizeAreDownWithoutBlocking() {
        aggregator.deactivate();
        aggregator = new HealthAggregator(new TestHealthConfig(TIMEOUT_MILLIS, 1), Clock.fixed(NOW, ZoneOffset.UTC));
        CountDownLatch latch = latch();
        hanging("a-hang", false, latch);
        FakeContributor second = up("b-up", false);

        HealthReport report = aggregator.check();

        assertThat(result(report, "a-hang").message()).startsWith("no answer within");
        assertThat(result(report, "b-up").status()).isEqualTo(HealthStatus.DOWN);
        assertThat(result(report, "b-up").message())
                .isEqualTo("not checked: too many health checks are still hanging");
        assertThat(second.invocations).hasValue(0);
    }

    @Test
    void removedContributorDisappearsFromTheReport() {
        up("http", true);
        FakeContributor canvas = down("lms.canvas", true);
        assertThat(aggregator.check().status()).isEqualTo(HealthStatus.DOWN);

        aggregator.removeContributor(canvas);

        HealthReport report = aggregator.check();
        assertThat(report.contributors()).extracting(ContributorHealth::name).containsExactly("http");
        assertThat(report.status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void removedHangingContributorNoLongerDelaysTheCheck() {
        FakeContributor hung = hanging("lms.canvas", false, latch());
        up("http", true);
        aggregator.check();

        aggregator.removeContributor(hung);

        long start = System.nanoTime();
        HealthReport report = aggregator.check();
        assertThat(millisSince(start)).isLessThan(TIMEOUT_MILLIS);
        assertThat(report.contributors()).extracting(ContributorHealth::name).containsExactly("http");
        assertThat(hung.invocations).hasValue(1);
    }

    @Test
    void contributorAddedLaterIsInTheNextReport() {
        up("http", true);
        aggregator.check();

        up("llm", false);

        assertThat(aggregator.check().contributors()).extracting(ContributorHealth::name).containsExactly("http", "llm");
    }

    @Test
    void resultsAreSortedByName() {
        up("zeta", false);
        up("alpha", false);
        down("mid", false);
        up("beta.sub", false);

        assertThat(aggregator.check().contributors()).extracting(ContributorHealth::name)
                .containsExactly("alpha", "beta.sub", "mid", "zeta");
    }

    @Test
    void modifiedTimeoutAppliesToTheNextCheck() {
        hanging("lms.canvas", false, latch());

        aggregator.modified(new TestHealthConfig(50, 8));

        long start = System.nanoTime();
        ContributorHealth canvas = result(aggregator.check(), "lms.canvas");
        assertThat(millisSince(start)).isLessThan(TIMEOUT_MILLIS + 1000);
        assertThat(canvas.message()).isEqualTo("no answer within 50 ms");
        assertThat(canvas.responseMillis()).isEqualTo(50);
    }

    @Test
    void deactivateInterruptsHangingChecks() {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch latch = latch();
        add("lms.canvas", false, () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return HealthCheck.up(Map.of());
        });
        aggregator.check();

        aggregator.deactivate();

        await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
    }

    @Test
    void fastContributorAwaitedAfterAHangingOneReportsItsOwnResponseTime() {
        hanging("a-hang", false, latch());
        up("b-fast", false);

        HealthReport report = aggregator.check();

        assertThat(result(report, "b-fast").responseMillis()).isLessThan(TIMEOUT_MILLIS / 2);
    }

    @Test
    void contributorWithANullNameDoesNotBreakTheReport() {
        add(null, false, () -> HealthCheck.up(Map.of()));
        up("http", true);

        HealthReport report = aggregator.check();

        assertThat(report.contributors()).hasSize(2);
    }

    @Test
    void zeroChecksInFlightIsTreatedAsOne() {
        HealthAggregator clamped = new HealthAggregator(new TestHealthConfig(TIMEOUT_MILLIS, 0),
                Clock.fixed(NOW, ZoneOffset.UTC));
        try {
            assertThat(clamped.check().status()).isEqualTo(HealthStatus.UP);
        } finally {
            clamped.deactivate();
        }
    }

    @Test
    void aReportIsReusedWithinTheCacheTimeAndRefreshedAfterIt() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
        HealthAggregator cached = new HealthAggregator(new TestHealthConfig(TIMEOUT_MILLIS, 4, 1000),
                java.time.Clock.systemUTC(), now::get);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HealthContributor counting = new HealthContributor() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public HealthCheck check() {
                calls.incrementAndGet();
                return HealthCheck.up(Map.of());
            }
        };
        try {
            cached.addContributor(counting);
            cached.check();
            now.set(999_000_000L);
            cached.check();
            assertThat(calls).hasValue(1);
            now.set(1_000_000_001L);
            cached.check();
            assertThat(calls).hasValue(2);
            // a contributor coming or going invalidates the cached report at once
            cached.removeContributor(counting);
            assertThat(cached.check().contributors()).isEmpty();
        } finally {
            cached.deactivate();
        }
    }
    @Test
    void callersArrivingWhileAnExpiredReportIsRecheckedWaitForThatCheckInsteadOfStartingTheirOwn() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
        HealthAggregator cached = new HealthAggregator(new TestHealthConfig(2000, 4, 1000), Clock.systemUTC(), now::get);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HealthContributor slow = new HealthContributor() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public HealthCheck check() {
                calls.incrementAndGet();
                entered.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return HealthCheck.up(Map.of());
            }
        };
        cached.addContributor(slow);
        List<Thread> callers = new ArrayList<>();
        List<HealthReport> reports = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> reports.add(cached.check()));
                callers.add(t);
                t.start();
            }
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            // every other caller is now waiting for the one check under way
            await().atMost(Duration.ofSeconds(5)).until(() -> callers.stream()
                    .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                    .count() == callers.size());
            release.countDown();
            for (Thread t : callers) {
                t.join(5000);
            }
            assertThat(calls).hasValue(1);
            assertThat(reports).hasSize(8).allSatisfy(r -> assertThat(r).isSameAs(reports.get(0)));

            // a contributor coming while a check runs: callers after it do not take the older check's report
            now.set(2_000_000_000L);
            AtomicInteger otherCalls = new AtomicInteger();
            CountDownLatch again = new CountDownLatch(1);
            CountDownLatch releaseAgain = new CountDownLatch(1);
            HealthContributor blocking = new HealthContributor() {
                @Override
                public String name() {
                    return "blocking";
                }

                @Override
                public HealthCheck check() {
                    if (otherCalls.incrementAndGet() == 1) {
                        again.countDown();
                        try {
                            releaseAgain.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return HealthCheck.up(Map.of());
                }
            };
            cached.removeContributor(slow);
            cached.addContributor(blocking);
            Thread first = new Thread(cached::check);
            first.start();
            assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
            HealthContributor late = new HealthContributor() {
                @Override
                public String name() {
                    return "late";
                }

                @Override
                public HealthCheck check() {
                    return HealthCheck.up(Map.of());
                }
            };
            cached.addContributor(late);
            releaseAgain.countDown();
            assertThat(cached.check().contributors()).extracting(ContributorHealth::name)
                    .containsExactly("blocking", "late");
            first.join(5000);
        } finally {
            release.countDown();
            cached.deactivate();
        }
    }
}
