package org.toolboxai.coordinator.resource.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.Allocation;

/**
 * Shared resources ({@link Capacities}) handed out as leases in the database, so a capacity holds
 * over every node: an allocation locks the {@code resource_capacity} row of each resource it asks
 * for ({@code FOR UPDATE}, in name order, so two allocations never wait on each other), sums the
 * unexpired leases and inserts its own in the same transaction. A lease ends when closed or when
 * it expires; expired leases stop counting at once and are deleted lazily. A request that does not
 * fit waits in a bounded queue of this node, trying again as soon as a lease of this node is
 * closed and every {@link #POLL} for releases on other nodes.
 */
final class Allocations {

    private static final Logger LOG = LoggerFactory.getLogger(Allocations.class);

    /** How often a waiting request looks again for leases closed or expired on other nodes. */
    static final Duration POLL = Duration.ofMillis(200);

    /** What a refused caller is told to wait: a lease has no schedule. */
    static final Duration RETRY = Duration.ofSeconds(1);

    /** One lease, as {@code GET /api/v1/resources} lists it. */
    record Lease(String id, String holder, String node, Map<String, Long> amounts, Instant createdAt, Instant expiresAt) {
    }

    private final DataSource dataSource;
    private final String node;
    private final Clock clock;
    private final Set<String> lockRows = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong releases = new AtomicLong();
    private final AtomicLong lastCleanup = new AtomicLong();
    private final Object released = new Object();
    private volatile Capacities capacities = Capacities.NONE;

    /** Leases of this node ({@code node} as the lease rows name it), timed by the wall clock. */
    Allocations(DataSource dataSource, String node) {
        this(dataSource, node, Clock.systemUTC());
    }

    /** Leases timed by {@code clock} (tests); nothing can be allocated until {@link #reconfigure}. */
    Allocations(DataSource dataSource, String node, Clock clock) {
        this.dataSource = dataSource;
        this.node = node;
        this.clock = clock;
    }

    /** Applies the capacities of a configuration; returns the keys left out and why. Leases held stay. */
    List<String> reconfigure(Map<String, ?> config) {
        List<String> problems = new ArrayList<>();
        capacities = Capacities.of(config, problems);
        wakeWaiters();
        return problems;
    }

    /**
     * A lease of {@code amounts} for {@code holder}, waiting at most {@code maxWait} for capacity.
     *
     * @throws FailureException {@link FailureKind#PERMANENT} naming each unknown resource, amount
     *         below 1 or amount above its capacity; {@link FailureKind#RATE_LIMITED} with the
     *         reason when the queue is full or nothing was freed in time;
     *         {@link FailureKind#TRANSIENT} when the database failed; {@link FailureKind#CANCELLED}
     *         when interrupted
     */
    Allocation allocate(String holder, Map<String, Long> amounts, Duration maxWait) {
        Capacities config = capacities;
        TreeMap<String, Long> asked = validated(amounts, config);
        long deadline = System.nanoTime() + Math.max(0, maxWait.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : maxWait.toNanos());
        boolean queued = false;
        try {
            ensureLockRows(asked.keySet());
            while (true) {
                long generation = releases.get();
                cleanUpExpired();
                Object outcome = tryLease(holder, asked, config);
                if (outcome instanceof Allocation lease) {
                    return lease;
                }
                String reason = (String) outcome;
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw FailureException.rateLimited(reason + (maxWait.isZero() ? "" : ", none freed within " + Durations.inWords(maxWait)), RETRY);
                }
                if (!queued) {
                    if (waiting.incrementAndGet() > config.queue()) {
                        waiting.decrementAndGet();
                        throw FailureException.rateLimited(reason + ", queue full", RETRY);
                    }
                    queued = true;
                }
                synchronized (released) {
                    if (releases.get() == generation) {
                        long nanos = Math.min(remaining, POLL.toNanos());
                        released.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    }
                }
                config = capacities;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(Failure.of(FailureKind.CANCELLED, "interrupted while waiting for " + asked), e);
        } catch (SQLException e) {
            LOG.warn("Allocation of {} for {} failed in the database", asked, holder, e);
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, "the allocation of " + asked
                    + " could not be made: the database did not answer (" + e.getClass().getSimpleName() + ")"), e);
        } finally {
            if (queued) {
                waiting.decrementAndGet();
            }
        }
    }

    /** Unexpired leases of every node, oldest first. */
    List<Lease> list() throws SQLException {
        Map<String, Lease> leases = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT l.id, l.holder, l.node, l.created_at, l.expires_at, a.resource, a.amount "
                        + "FROM resource_lease l JOIN resource_lease_amount a ON a.lease_id = l.id WHERE l.expires_at > ? "
                        + "ORDER BY l.created_at, l.id, a.resource")) {
            ps.setLong(1, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    Lease lease = leases.computeIfAbsent(id, k -> {
                        try {
                            return new Lease(k, rs.getString(2), rs.getString(3), new LinkedHashMap<>(),
                                    Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    lease.amounts().put(rs.getString(6), rs.getLong(7));
                }
            }
        }
        List<Lease> list = new ArrayList<>();
        leases.values().forEach(l -> list.add(new Lease(l.id(), l.holder(), l.node(), Collections.unmodifiableMap(l.amounts()),
                l.createdAt(), l.expiresAt())));
        return list;
    }

    /** Requests waiting for capacity on this node now. */
    /** The capacities configured now, by resource. */
    Map<String, Long> capacity() {
        return capacities.capacity();
    }

    int waiting() {
        return waiting.get();
    }

    private static TreeMap<String, Long> validated(Map<String, Long> amounts, Capacities config) {
        if (amounts == null || amounts.isEmpty()) {
            throw FailureException.permanent("nothing asked: name at least one resource (configured: "
                    + String.join(", ", config.capacity().keySet()) + ")");
        }
        List<String> problems = new ArrayList<>();
        TreeMap<String, Long> asked = new TreeMap<>();
        amounts.forEach((resource, amount) -> {
            Long capacity = config.capacity().get(resource);
            if (capacity == null) {
                problems.add(resource + ": not a resource here (configured: " + String.join(", ", config.capacity().keySet()) + ")");
            } else if (amount == null || amount < 1) {
                problems.add(resource + ": asked " + amount + "; ask for at least 1");
            } else if (amount > capacity) {
                problems.add(resource + ": " + amount + " asked but the capacity is " + capacity);
            } else {
                asked.put(resource, amount);
            }
        });
        if (!problems.isEmpty()) {
            throw FailureException.permanent(String.join("; ", problems));
        }
        return asked;
    }

    /** The lease, or why it does not fit now. */
    private Object tryLease(String holder, TreeMap<String, Long> asked, Capacities config) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT resource FROM resource_capacity WHERE resource = ? FOR UPDATE")) {
                    for (String resource : asked.keySet()) { // name order: no two allocations wait on each other
                        lock.setString(1, resource);
                        try (ResultSet rs = lock.executeQuery()) {
                            rs.next();
                        }
                    }
                }
                long now = clock.millis();
                Map<String, Long> inUse = inUse(c, asked.keySet(), now);
                for (Map.Entry<String, Long> e : asked.entrySet()) {
                    long used = inUse.getOrDefault(e.getKey(), 0L);
                    Long capacity = config.capacity().get(e.getKey());
                    if (capacity == null) {
                        c.rollback();
                        return e.getKey() + ": no longer a resource here (its capacity was removed)";
                    }
                    if (used + e.getValue() > capacity) {
                        c.rollback();
                        return e.getKey() + ": " + used + " of " + capacity + " in use (" + e.getValue() + " asked)";
                    }
                }
                Lease lease = new Lease(UUID.randomUUID().toString(), holder, node, Collections.unmodifiableMap(new LinkedHashMap<>(asked)),
                        Instant.ofEpochMilli(now), Instant.ofEpochMilli(now + config.leaseTtl().toMillis()));
                insert(c, lease);
                c.commit();
                return new Held(lease);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Map<String, Long> inUse(Connection c, Set<String> resources, long now) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(resources.size(), "?"));
        Map<String, Long> inUse = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.resource, SUM(a.amount) FROM resource_lease_amount a "
                + "JOIN resource_lease l ON l.id = a.lease_id WHERE l.expires_at > ? AND a.resource IN (" + marks + ") GROUP BY a.resource")) {
            ps.setLong(1, now);
            int i = 2;
            for (String r : resources) {
                ps.setString(i++, r);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inUse.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return inUse;
    }

    private static void insert(Connection c, Lease lease) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_lease (id, holder, node, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, lease.id());
            ps.setString(2, lease.holder());
            ps.setString(3, lease.node());
            ps.setLong(4, lease.createdAt().toEpochMilli());
            ps.setLong(5, lease.expiresAt().toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_lease_amount (lease_id, resource, amount) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Long> e : lease.amounts().entrySet()) {
                ps.setString(1, lease.id());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The lock rows of resources, made on first use outside the allocation's transaction (on
     * PostgreSQL a failed insert would end it): when two nodes make one at once, the second
     * insert fails on the key and the row is there.
     */
    private void ensureLockRows(Set<String> resources) throws SQLException {
        for (String resource : resources) {
            if (lockRows.contains(resource)) {
                continue;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO resource_capacity (resource) "
                            + "SELECT ? WHERE NOT EXISTS (SELECT 1 FROM resource_capacity WHERE resource = ?)")) {
                ps.setString(1, resource);
                ps.setString(2, resource);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
            lockRows.add(resource);
        }
    }

    /**
     * Deletes expired leases, at most once a second on this node, in a statement of its own:
     * they no longer count anyway, and a failure (two nodes deleting the same rows) only leaves
     * them for the next time.
     */
    private void cleanUpExpired() {
        long now = clock.millis();
        long last = lastCleanup.get();
        if (now - last < 1000 && now >= last || !lastCleanup.compareAndSet(last, now)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM resource_lease WHERE expires_at <= ?")) {
            ps.setLong(1, now);
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.info("{} expired lease(s) deleted: their holders did not close them in time", deleted);
            }
        } catch (SQLException e) {
            LOG.debug("Expired leases not deleted this time", e);
        }
    }

    private void wakeWaiters() {
        releases.incrementAndGet();
        synchronized (released) {
            released.notifyAll();
        }
    }

    /** A lease held through the API: closing it deletes its row and wakes this node's waiters. */
    private final class Held implements Allocation {
        private final Lease lease;
        private final AtomicBoolean closed = new AtomicBoolean();

        Held(Lease lease) {
            this.lease = lease;
        }

        @Override
        public String id() {
            return lease.id();
        }

        @Override
        public Map<String, Long> amounts() {
            return lease.amounts();
        }

        @Override
        public Instant expiresAt() {
            return lease.expiresAt();
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM resource_lease WHERE id = ?")) {
                ps.setString(1, lease.id());
                ps.executeUpdate();
            } catch (SQLException e) {
                LOG.error("Cannot give back the lease {} of {} ({}): it counts until it expires at {}", lease.id(), lease.holder(),
                        lease.amounts(), lease.expiresAt(), e);
            }
            wakeWaiters();
        }

        @Override
        public String toString() {
            return "lease " + lease.id() + " of " + lease.holder() + ": " + lease.amounts() + " until " + lease.expiresAt();
        }
    }
}
