package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.store.internal.SchemaMigrator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.bucket4j.TimeMeter;

/**
 * Rate limits on a real database: a refusal names its limit and its retry-after is when a token
 * is really back; two instances on one database (two nodes) share one limit; concurrent calls
 * are limited on a node; a new configuration applies. Grants are counted by the tests themselves.
 */
class RateLimitsTest {

    /** A wall clock the test moves. */
    static final class ManualTime implements TimeMeter {
        final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    DataSource dataSource;
    ManualTime time = new ManualTime();

    /** Embedded H2 (one database per test); the PostgreSQL subclass gives a fresh database of the test server. */
    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:rate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        SchemaMigrator.migrate(dataSource, "resource", RateLimits.class.getClassLoader(), "db/resource");
    }

    RateLimits limits(TimeMeter clock, Map<String, ?> config) {
        RateLimits limits = new RateLimits(dataSource, clock);
        assertThat(limits.reconfigure(config)).isEmpty();
        return limits;
    }

    static FailureException refusal(RateLimits limits, String service) {
        try {
            limits.acquire(service, Duration.ZERO).close();
        } catch (FailureException e) {
            return e;
        }
        throw new AssertionError(service + " was granted");
    }

    @Test
    void aServiceWithoutConfigurationIsNotLimited() {
        RateLimits limits = limits(time, Map.of("service.openai.per.minute", "1"));
        for (int i = 0; i < 100; i++) {
            limits.acquire("canvas", Duration.ZERO).close();
        }
        assertThat(limits.snapshot()).extracting(RateLimits.Snapshot::service, RateLimits.Snapshot::granted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("canvas", 100L), org.assertj.core.groups.Tuple.tuple("openai", 0L));
    }

    @Test
    void theMinuteLimitRefusesNamingItAndItsRetryAfterIsWhenATokenIsBack() {
        RateLimits limits = limits(time, Map.of("service.openai.per.minute", "60"));
        for (int i = 0; i < 60; i++) {
            limits.acquire("openai", Duration.ZERO).close();
        }
        FailureException refused = refusal(limits, "openai");
        assertThat(refused.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(refused.getMessage()).isEqualTo("openai: 60 requests per minute reached; try again in 1 s");
        Duration retryAfter = refused.failure().retryAfter();
        assertThat(retryAfter).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        time.advance(retryAfter.minusMillis(1));
        assertThat(refusal(limits, "openai").failure().retryAfter()).isLessThanOrEqualTo(Duration.ofMillis(1));
        time.advance(Duration.ofMillis(1));
        limits.acquire("openai", Duration.ZERO).close();
        assertThat(limits.snapshot().get(0)).satisfies(s -> {
            assertThat(s.granted()).isEqualTo(61);
            assertThat(s.refused()).isEqualTo(2);
            assertThat(s.available()).containsEntry(ServiceLimits.MINUTE, 0L);
        });
    }

    @Test
    void theDayLimitIsNamedWhenItIsTheOneThatRefuses() {
        RateLimits limits = limits(time, Map.of("service.canvas.per.minute", "60", "service.canvas.burst", "10",
                "service.canvas.per.day", "3"));
        for (int i = 0; i < 3; i++) {
            limits.acquire("canvas", Duration.ZERO).close();
        }
        FailureException refused = refusal(limits, "canvas");
        // 3 a day come back one every 8 hours
        assertThat(refused.getMessage()).isEqualTo("canvas: 3 requests per day reached; try again in 8 h");
        assertThat(refused.failure().retryAfter()).isEqualTo(Duration.ofHours(8));
        assertThat(limits.snapshot().get(0).available()).containsExactly(Map.entry(ServiceLimits.MINUTE, 7L), Map.entry(ServiceLimits.DAY, 0L));
    }

    @Test
    void waitingTheRetryAfterOnTheRealClockGetsAPermit() throws Exception {
        // one token every 500 ms, no burst
        RateLimits limits = limits(TimeMeter.SYSTEM_MILLISECONDS, Map.of("service.roblox.per.minute", "120", "service.roblox.burst", "1"));
        limits.acquire("roblox", Duration.ZERO).close();
        Duration retryAfter = refusal(limits, "roblox").failure().retryAfter();
        assertThat(retryAfter).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
        TimeUnit.NANOSECONDS.sleep(retryAfter.toNanos());
        limits.acquire("roblox", Duration.ZERO).close();
    }

    @Test
    void aCallerThatMayWaitLongEnoughIsGrantedAfterTheWait() {
        RateLimits limits = limits(TimeMeter.SYSTEM_MILLISECONDS, Map.of("service.roblox.per.minute", "120", "service.roblox.burst", "1"));
        limits.acquire("roblox", Duration.ZERO).close();
        long start = System.nanoTime();
        limits.acquire("roblox", Duration.ofSeconds(5)).close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
        // a wait longer than allowed is refused at once, not after waiting
        start = System.nanoTime();
        assertThatThrownBy(() -> limits.acquire("roblox", Duration.ofMillis(50)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.getMessage()).contains("120 requests per minute"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
        RateLimits.Snapshot s = limits.snapshot().get(0);
        assertThat(new long[] {s.granted(), s.waited(), s.refused()}).containsExactly(2, 1, 1);
        assertThat(s.totalWait()).isGreaterThan(Duration.ofMillis(200));
    }

    @Test
    void twoNodesOnOneDatabaseShareOneLimit() throws Exception {
        Map<String, String> config = Map.of("service.openai.per.minute", "30");
        // each node with a pool of its own, as in Karaf
        try (HikariDataSource pool1 = pooled(dataSource); HikariDataSource pool2 = pooled(dataSource)) {
            RateLimits node1 = new RateLimits(pool1, time);
            RateLimits node2 = new RateLimits(pool2, time);
            assertThat(node1.reconfigure(config)).isEmpty();
            assertThat(node2.reconfigure(config)).isEmpty();
            hammer(node1, node2);
        }
    }

    private static void hammer(RateLimits node1, RateLimits node2) throws Exception {
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            RateLimits node = t % 2 == 0 ? node1 : node2;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 10; i++) {
                    try (RateLimits.Grant grant = node.acquire("openai", Duration.ZERO)) {
                        granted.incrementAndGet();
                    } catch (FailureException e) {
                        assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(granted).hasValue(30);
        assertThat(refused).hasValue(50);
        assertThat(node1.snapshot().get(0).granted() + node2.snapshot().get(0).granted()).isEqualTo(30);
    }

    @Test
    void concurrentCallsOnANodeNeverPassTheLimit() throws Exception {
        RateLimits limits = limits(time, Map.of("service.schoology.concurrent", "3"));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    try (RateLimits.Grant grant = limits.acquire("schoology", Duration.ofSeconds(30))) {
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.sleep(2);
                        inFlight.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(most.get()).isEqualTo(3);
        // all three taken: the fourth waits its maxWait, then is refused naming the limit
        List<RateLimits.Grant> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(limits.acquire("schoology", Duration.ZERO));
        }
        assertThat(limits.snapshot().get(0).inFlight()).isEqualTo(3);
        assertThatThrownBy(() -> limits.acquire("schoology", Duration.ofMillis(20)))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.getMessage()).startsWith("schoology: 3 concurrent calls on this node are in flight");
                    assertThat(e.failure().retryAfter()).isEqualTo(RateLimits.SLOT_RETRY);
                });
        held.get(0).close();
        held.get(0).close(); // a second close frees nothing more
        limits.acquire("schoology", Duration.ZERO);
        assertThatThrownBy(() -> limits.acquire("schoology", Duration.ZERO)).isInstanceOf(FailureException.class);
    }

    @Test
    void aNewConfigurationAppliesToTheSharedBucketAndTheSlots() {
        RateLimits limits = limits(time, Map.of("service.openai.per.minute", "2", "service.openai.concurrent", "2"));
        RateLimits.Grant a = limits.acquire("openai", Duration.ZERO);
        RateLimits.Grant b = limits.acquire("openai", Duration.ZERO);
        assertThat(refusal(limits, "openai").getMessage()).startsWith("openai: 2 concurrent calls");
        a.close();
        b.close();
        assertThat(refusal(limits, "openai").getMessage()).startsWith("openai: 2 requests per minute reached");
        // raised: the 3 more of the new limit are there at once, what was used stays used
        assertThat(limits.reconfigure(Map.of("service.openai.per.minute", "5", "service.openai.concurrent", "1"))).isEmpty();
        RateLimits.Grant held = limits.acquire("openai", Duration.ZERO);
        assertThat(refusal(limits, "openai").getMessage()).startsWith("openai: 1 concurrent calls");
        held.close();
        limits.acquire("openai", Duration.ZERO).close();
        limits.acquire("openai", Duration.ZERO).close();
        assertThat(refusal(limits, "openai").getMessage()).isEqualTo("openai: 5 requests per minute reached; try again in 12 s");
        // no configuration: no limit
        assertThat(limits.reconfigure(Map.of())).isEmpty();
        for (int i = 0; i < 10; i++) {
            limits.acquire("openai", Duration.ZERO).close();
        }
    }

    @Test
    void aNodeWithAnOlderConfigurationCountsAgainstTheNewerLimitsInTheBucket() {
        RateLimits old = limits(time, Map.of("service.openai.per.minute", "10"));
        RateLimits updated = limits(time, Map.of("service.openai.per.minute", "3"));
        updated.acquire("openai", Duration.ZERO).close();
        old.acquire("openai", Duration.ZERO).close();
        old.acquire("openai", Duration.ZERO).close();
        assertThat(refusal(old, "openai").getMessage()).startsWith("openai: 3 requests per minute reached");
    }

    @Test
    void everyBadKeyIsListedAndLeftOut() {
        List<String> problems = new RateLimits(dataSource, time).reconfigure(Map.of(
                "service.openai.per.minute", "many",
                "service.openai.per.hour", "5",
                "service.canvas.burst", "5",
                "service.roblox.concurrent", "0",
                "service..per.day", "3",
                "capacity.slots", "16",
                // what Configuration Admin adds to every configuration is nobody's limit
                "service.pid", "org.toolboxai.coordinator.resource"));
        assertThat(problems).containsExactlyInAnyOrder(
                "service.openai.per.minute: 'many' is not a whole number",
                "service.openai.per.hour: not service.<name>.per.minute, .per.day, .burst or .concurrent",
                "service.canvas.burst: needs service.canvas.per.minute; left out",
                "service.roblox.concurrent: must be at least 1 and at most 100000",
                "service..per.day: not service.<name>.per.minute, .per.day, .burst or .concurrent");
    }

    @Test
    void howLongOneAcquireTakes() {
        try (HikariDataSource pool = pooled(dataSource)) {
            RateLimits limits = new RateLimits(pool);
            limits.reconfigure(Map.of("service.openai.per.minute", "1000000"));
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                limits.acquire("openai", Duration.ZERO).close();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("%s: one acquire with a shared limit, pooled connections: median %.3f ms, p90 %.3f ms (200 in a row, one thread)%n",
                    getClass().getSimpleName(), nanos[100] / 1e6, nanos[180] / 1e6);
        }
    }

    /** The data source behind a HikariCP pool, as pax-jdbc gives it in Karaf (the test's own data sources open a connection each time). */
    static HikariDataSource pooled(DataSource dataSource) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
