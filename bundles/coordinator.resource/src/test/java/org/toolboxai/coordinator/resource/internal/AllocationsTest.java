package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.Allocation;
import org.toolboxai.store.internal.SchemaMigrator;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Allocations on a real database: capacity is never passed, whatever the concurrency over two
 * instances on one database (two nodes), checked by the test's own count; expired leases free
 * their capacity; the queue is bounded; a lease closes once.
 */
class AllocationsTest {

    /** A wall clock the test moves. */
    static final class ManualClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    static final Map<String, String> CONFIG = Map.of("capacity.slots", "16", "capacity.memory.mb", "4096", "lease.ttl.seconds", "60",
            "allocation.queue", "2");

    DataSource dataSource;
    ManualClock clock = new ManualClock();

    /** Embedded H2 (one database per test); the PostgreSQL subclass gives a fresh database of the test server. */
    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:alloc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        SchemaMigrator.migrate(dataSource, "resource", Allocations.class.getClassLoader(), "db/resource");
    }

    Allocations node(String name, Clock clock, Map<String, ?> config) {
        Allocations allocations = new Allocations(dataSource, name, clock);
        assertThat(allocations.reconfigure(config)).isEmpty();
        return allocations;
    }

    @Test
    void aLeaseHoldsWhatItAskedUntilItIsClosedAndIsListed() throws Exception {
        Allocations allocations = node("n1", clock, CONFIG);
        Allocation lease = allocations.allocate("run-1/quiz", Map.of("slots", 4L, "memory.mb", 1024L), Duration.ZERO);
        assertThat(lease.amounts()).containsExactly(Map.entry("memory.mb", 1024L), Map.entry("slots", 4L));
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(allocations.list()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(lease.id());
            assertThat(l.holder()).isEqualTo("run-1/quiz");
            assertThat(l.node()).isEqualTo("n1");
            assertThat(l.amounts()).isEqualTo(lease.amounts());
        });
        assertThat(count("SELECT SUM(amount) FROM resource_lease_amount WHERE resource = 'slots'")).isEqualTo(4);
        lease.close();
        assertThat(allocations.list()).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM resource_lease_amount")).isZero();
    }

    @Test
    void closeIsIdempotent() throws Exception {
        Allocations allocations = node("n1", clock, CONFIG);
        Allocation first = allocations.allocate("a", Map.of("slots", 10L), Duration.ZERO);
        first.close();
        Allocation second = allocations.allocate("b", Map.of("slots", 10L), Duration.ZERO);
        first.close(); // must not give back the second lease's slots
        assertThat(allocations.list()).extracting(Allocations.Lease::id).containsExactly(second.id());
        assertThatThrownBy(() -> allocations.allocate("c", Map.of("slots", 10L), Duration.ZERO))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.getMessage()).isEqualTo("slots: 10 of 16 in use (10 asked)"));
    }

    @Test
    void askingMoreThanExistsOrAnUnknownResourceIsPermanentNamingIt() {
        Allocations allocations = node("n1", clock, CONFIG);
        assertThatThrownBy(() -> allocations.allocate("a", Map.of("slots", 17L), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("slots: 17 asked but the capacity is 16");
                });
        assertThatThrownBy(() -> allocations.allocate("a", Map.of("gpu", 1L), Duration.ZERO))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
                    assertThat(e.getMessage()).isEqualTo("gpu: not a resource here (configured: memory.mb, slots)");
                });
        assertThatThrownBy(() -> allocations.allocate("a", Map.of("slots", 0L), Duration.ZERO))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.getMessage()).isEqualTo("slots: asked 0; ask for at least 1"));
    }

    @Test
    void anExpiredLeaseNoLongerCountsAndIsDeleted() throws Exception {
        Allocations allocations = node("n1", clock, CONFIG);
        allocations.allocate("crashed", Map.of("slots", 16L), Duration.ZERO); // never closed
        assertThatThrownBy(() -> allocations.allocate("b", Map.of("slots", 1L), Duration.ZERO))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.getMessage()).isEqualTo("slots: 16 of 16 in use (1 asked)");
                    assertThat(e.failure().retryAfter()).isEqualTo(Allocations.RETRY);
                });
        clock.advance(Duration.ofSeconds(60));
        assertThat(allocations.list()).isEmpty();
        allocations.allocate("b", Map.of("slots", 16L), Duration.ZERO);
        assertThat(count("SELECT COUNT(*) FROM resource_lease WHERE holder = 'crashed'")).isZero();
    }

    @Test
    void aShortLeaseExpiresOnTheRealClockAndAWaiterGetsItsCapacity() {
        Allocations allocations = node("n1", Clock.systemUTC(), Map.of("capacity.slots", "2", "lease.ttl.seconds", "1"));
        allocations.allocate("crashed", Map.of("slots", 2L), Duration.ZERO);
        long start = System.nanoTime();
        Allocation lease = allocations.allocate("waiter", Map.of("slots", 2L), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(3));
        lease.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> allocations.list().isEmpty());
    }

    @Test
    void aWaiterIsServedWhenALeaseIsClosedAndTheQueueIsBounded() throws Exception {
        Allocations allocations = node("n1", clock, CONFIG);
        Allocation all = allocations.allocate("a", Map.of("slots", 16L), Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Allocation>> waiters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String holder = "w" + i;
            waiters.add(pool.submit(() -> allocations.allocate(holder, Map.of("slots", 8L), Duration.ofSeconds(30))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> allocations.waiting() == 2);
        assertThatThrownBy(() -> allocations.allocate("c", Map.of("slots", 1L), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.getMessage()).isEqualTo("slots: 16 of 16 in use (1 asked), queue full");
                });
        long closed = System.nanoTime();
        all.close();
        for (Future<Allocation> w : waiters) {
            assertThat(w.get(10, TimeUnit.SECONDS).amounts()).containsEntry("slots", 8L);
        }
        System.out.printf("%s: waiters served %.1f ms after the close%n", getClass().getSimpleName(), (System.nanoTime() - closed) / 1e6);
        assertThat(allocations.waiting()).isZero();
        pool.shutdown();
    }

    @Test
    void aRequestThatDoesNotFitInTimeIsRefusedWithTheReason() {
        Allocations allocations = node("n1", clock, CONFIG);
        allocations.allocate("a", Map.of("memory.mb", 4000L), Duration.ZERO);
        assertThatThrownBy(() -> allocations.allocate("b", Map.of("slots", 1L, "memory.mb", 512L), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("memory.mb: 4000 of 4096 in use (512 asked), none freed within 300 ms"));
        assertThat(allocations.waiting()).isZero();
    }

    @Test
    void capacityIsNeverPassedByManyCallersOnTwoNodes() throws Exception {
        Map<String, String> config = Map.of("capacity.slots", "5", "capacity.memory.mb", "1000", "allocation.queue", "100");
        // each node with a pool of its own, as in Karaf
        try (HikariDataSource pool1 = RateLimitsTest.pooled(dataSource); HikariDataSource pool2 = RateLimitsTest.pooled(dataSource)) {
            Allocations node1 = new Allocations(pool1, "n1");
            Allocations node2 = new Allocations(pool2, "n2");
            assertThat(node1.reconfigure(config)).isEmpty();
            assertThat(node2.reconfigure(config)).isEmpty();
            hammer(node1, node2);
        }
        assertThat(count("SELECT COUNT(*) FROM resource_lease")).isZero();
    }

    private static void hammer(Allocations node1, Allocations node2) throws Exception {
        AtomicInteger slots = new AtomicInteger();
        AtomicInteger memory = new AtomicInteger();
        AtomicInteger mostSlots = new AtomicInteger();
        AtomicInteger mostMemory = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            Allocations node = t % 2 == 0 ? node1 : node2;
            long s = 1 + t % 3;
            long m = 200 + 100 * (t % 4);
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 6; i++) {
                    try (Allocation lease = node.allocate("t", Map.of("slots", s, "memory.mb", m), Duration.ofSeconds(60))) {
                        granted.incrementAndGet();
                        mostSlots.accumulateAndGet(slots.addAndGet((int) s), Math::max);
                        mostMemory.accumulateAndGet(memory.addAndGet((int) m), Math::max);
                        Thread.sleep(1);
                        slots.addAndGet((int) -s);
                        memory.addAndGet((int) -m);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(granted).hasValue(72);
        assertThat(mostSlots.get()).isBetween(3, 5);
        assertThat(mostMemory.get()).isLessThanOrEqualTo(1000);
    }

    @Test
    void everyBadKeyIsListedAndLeftOut() {
        List<String> problems = new Allocations(dataSource, "n1", clock).reconfigure(Map.of("capacity.slots", "lots",
                "capacity.gpu", "0", "capacity.", "3", "lease.ttl.seconds", "-5", "allocation.queue", "x", "service.openai.per.minute", "3"));
        assertThat(problems).containsExactlyInAnyOrder("capacity.slots: 'lots' is not a whole number", "capacity.gpu: must be at least 1",
                "capacity.: not capacity.<resource>", "lease.ttl.seconds: must be at least 1",
                "allocation.queue: 'x' is not a whole number; 100 is used");
    }

    @Test
    void howLongOneAllocationTakes() {
        try (HikariDataSource pool = RateLimitsTest.pooled(dataSource)) {
            Allocations allocations = new Allocations(pool, "n1");
            allocations.reconfigure(CONFIG);
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                allocations.allocate("t", Map.of("slots", 1L), Duration.ZERO).close();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("%s: one allocation and its close, pooled connections: median %.3f ms, p90 %.3f ms (200 in a row, one thread)%n",
                    getClass().getSimpleName(), nanos[100] / 1e6, nanos[180] / 1e6);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
