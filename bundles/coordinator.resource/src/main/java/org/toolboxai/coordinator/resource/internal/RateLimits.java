package org.toolboxai.coordinator.resource.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;

/**
 * The rate limits of external services ({@link ServiceLimits}): requests a minute and a day are
 * Bucket4j buckets in the database, shared by every node; concurrent calls are a fair semaphore
 * <em>of this node</em>. A service with no configuration is not limited. Counters of grants,
 * waits and refusals are kept since this instance started, on this node only.
 */
final class RateLimits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    /** Permits of a service without a concurrency limit: more than can ever be in flight. */
    private static final int UNLIMITED = Integer.MAX_VALUE / 2;

    /** What a caller is told to wait when every concurrent slot stayed taken: a slot has no schedule. */
    static final Duration SLOT_RETRY = Duration.ofSeconds(1);

    /**
     * One service as {@code GET /api/v1/resources} shows it: its limits on this node, the tokens
     * left now in each shared limit ({@link ServiceLimits#MINUTE}, {@link ServiceLimits#DAY}; empty
     * when not limited or the database did not answer), calls in flight on this node, and this
     * node's counters since start.
     */
    record Snapshot(String service, ServiceLimits limits, Map<String, Long> available, int inFlight, long granted,
            long waited, long refused, Duration totalWait) {
    }

    /** Permission for one call: close it when the call is done (frees the concurrent slot). */
    static final class Grant implements AutoCloseable {
        private final ServiceState state;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Grant(ServiceState state) {
            this.state = state;
        }

        /** The service it was granted for. */
        String service() {
            return state.service;
        }

        /** Frees the concurrent slot; a second close does nothing. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                state.inFlight.decrementAndGet();
                state.slots.release();
            }
        }
    }

    private final JdbcBuckets buckets;
    private final ConcurrentMap<String, ServiceState> services = new ConcurrentHashMap<>();
    private final AtomicLong lastVersion = new AtomicLong();
    private volatile Map<String, ServiceLimits> limits = Map.of();

    /** Limits on the store's database, timed by the wall clock (every node must read the same time). */
    RateLimits(DataSource dataSource) {
        this(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** Limits timed by {@code clock} (tests); nothing is limited until {@link #reconfigure}. */
    RateLimits(DataSource dataSource, TimeMeter clock) {
        this.buckets = new JdbcBuckets(dataSource, ClientSideConfig.getDefault().withClientClock(clock));
    }

    /**
     * Applies the limits of a configuration ({@link ServiceLimits#of}); returns the keys left out
     * and why. A service no longer configured is no longer limited.
     * <p>
     * A changed limit reaches the shared bucket through Bucket4j's implicit configuration
     * replacement, not through a new bucket id: each configuration gets a version (the time it
     * was applied, in milliseconds, increasing on this node), and the first call with a version
     * higher than the bucket's replaces the bucket's configuration in the same transaction, keeping
     * what was consumed ({@link TokensInheritanceStrategy#ADDITIVE}: a raised limit gives the
     * difference at once, a lowered one keeps the tokens used). A bucket id per configuration would
     * start the new limits full, forgetting the day's consumption at each change. So the bucket
     * follows the configuration applied last on any node; a node with an older configuration
     * keeps counting against the newer limits the bucket holds.
     */
    List<String> reconfigure(Map<String, ?> config) {
        List<String> problems = new ArrayList<>();
        Map<String, ServiceLimits> next = ServiceLimits.of(config, problems);
        long version = lastVersion.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        limits = next;
        for (ServiceLimits l : next.values()) {
            state(l.service()).apply(l, version);
        }
        services.forEach((name, state) -> {
            if (!next.containsKey(name)) {
                state.apply(null, version);
            }
        });
        return problems;
    }

    /**
     * Permission for one call to {@code service}, waiting at most {@code maxWait} for a concurrent
     * slot on this node and then for a token of the shared limits. When the wait for a token fits,
     * the token is reserved at once and the caller sleeps until it is due (holding no database
     * connection), so no other node can take it meanwhile.
     *
     * @throws FailureException {@link FailureKind#RATE_LIMITED} naming the service and the limit
     *         that refused, with when to try again; {@link FailureKind#TRANSIENT} when the database
     *         did not answer; {@link FailureKind#CANCELLED} when interrupted
     */
    Grant acquire(String service, Duration maxWait) {
        ServiceState state = state(service);
        long start = System.nanoTime();
        long deadline = start + Math.max(0, saturatedNanos(maxWait));
        boolean waited = false;
        try {
            if (!state.slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                waited = true;
                if (!state.slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    state.refused.increment();
                    ServiceLimits l = state.limits;
                    throw new FailureException(Failure.rateLimited(service + ": " + (l == null ? "all" : l.concurrent())
                            + " concurrent calls on this node are in flight and none ended within " + Durations.inWords(maxWait)
                            + "; try again in " + Durations.inWords(SLOT_RETRY), SLOT_RETRY));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(Failure.of(FailureKind.CANCELLED, service + ": interrupted while waiting for a concurrent slot"), e);
        }
        try {
            BucketProxy bucket = state.bucket;
            if (bucket != null) {
                waited |= consume(state, bucket, deadline);
            }
        } catch (RuntimeException | Error e) {
            state.slots.release();
            throw e;
        }
        state.inFlight.incrementAndGet();
        state.granted.increment();
        if (waited) {
            state.waited.increment();
            state.waitNanos.add(System.nanoTime() - start);
        }
        return new Grant(state);
    }

    /** Takes a token by {@code deadline}; returns whether it had to wait. */
    private static boolean consume(ServiceState state, BucketProxy bucket, long deadline) {
        try {
            boolean waited = false;
            while (true) {
                VerboseResult<ConsumptionProbe> result = bucket.asVerbose().tryConsumeAndReturnRemaining(1);
                ConsumptionProbe probe = result.getValue();
                if (probe.isConsumed()) {
                    return waited;
                }
                long remaining = deadline - System.nanoTime();
                if (probe.getNanosToWaitForRefill() > remaining) {
                    state.refused.increment();
                    throw refusal(state.service, result, probe.getNanosToWaitForRefill());
                }
                waited = true;
                if (bucket.asBlocking().tryConsume(1, Math.max(0, remaining))) {
                    return true;
                }
                // another node took the token between the two calls: look again
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(Failure.of(FailureKind.CANCELLED, state.service + ": interrupted while waiting for the rate limit"), e);
        } catch (FailureException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("The rate limits of {} could not be read from the database", state.service, e);
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, state.service
                    + ": the rate limit could not be checked (the database did not answer: " + e.getClass().getSimpleName() + ")"), e);
        }
    }

    /** The refusal of a call, naming the limit with no token that takes longest to get one. */
    private static FailureException refusal(String service, VerboseResult<ConsumptionProbe> result, long waitNanos) {
        Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
        long[] available = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
        Bandwidth refusing = null;
        double longest = -1;
        for (int i = 0; i < bandwidths.length; i++) {
            Bandwidth b = bandwidths[i];
            if (available[i] < 1) {
                double toOne = (1.0 - available[i]) * b.getRefillPeriodNanos() / b.getRefillTokens();
                if (toOne > longest) {
                    longest = toOne;
                    refusing = b;
                }
            }
        }
        Duration retryAfter = Duration.ofNanos(waitNanos);
        String limit;
        if (refusing == null) {
            limit = "rate limit reached";
        } else {
            String per = ServiceLimits.DAY.equals(refusing.getId()) ? "day" : "minute";
            limit = refusing.getRefillTokens() + " requests per " + per
                    + (refusing.getCapacity() != refusing.getRefillTokens() ? " (bursts of " + refusing.getCapacity() + ")" : "")
                    + " reached";
        }
        return new FailureException(Failure.rateLimited(service + ": " + limit + "; try again in " + Durations.inWords(retryAfter),
                retryAfter));
    }

    /** Every configured service and every service called since start, in name order. */
    /** The limits configured now, by service. */
    Map<String, ServiceLimits> limits() {
        return limits;
    }

    List<Snapshot> snapshot() {
        TreeSet<String> names = new TreeSet<>(limits.keySet());
        names.addAll(services.keySet());
        List<Snapshot> snapshots = new ArrayList<>();
        for (String name : names) {
            ServiceState state = state(name);
            ServiceLimits l = state.limits;
            snapshots.add(new Snapshot(name, l == null ? new ServiceLimits(name, 0, 0, 0, 0) : l, available(state),
                    state.inFlight.get(), state.granted.sum(), state.waited.sum(), state.refused.sum(),
                    Duration.ofNanos(state.waitNanos.sum())));
        }
        return snapshots;
    }

    /** Tokens left now in each shared limit, by bandwidth id; one database round trip. */
    private static Map<String, Long> available(ServiceState state) {
        BucketProxy bucket = state.bucket;
        if (bucket == null) {
            return Map.of();
        }
        try {
            VerboseResult<Long> result = bucket.asVerbose().getAvailableTokens();
            Bandwidth[] bandwidths = result.getConfiguration().getBandwidths();
            long[] tokens = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
            Map<String, Long> available = new LinkedHashMap<>();
            for (int i = 0; i < bandwidths.length; i++) {
                available.put(bandwidths[i].getId() == null ? "limit" + i : bandwidths[i].getId(), Math.max(0, tokens[i]));
            }
            return available;
        } catch (RuntimeException e) {
            LOG.debug("Tokens of {} not read", state.service, e);
            return Map.of();
        }
    }

    private ServiceState state(String service) {
        return services.computeIfAbsent(service, ServiceState::new);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE / 2;
        }
    }

    /** A semaphore whose permits can be taken away while they are held (a lowered limit). */
    private static final class Slots extends Semaphore {
        private static final long serialVersionUID = 1L;

        Slots() {
            super(UNLIMITED, true);
        }

        void reduce(int permits) {
            reducePermits(permits);
        }
    }

    /** One service on this node: its limits, its shared bucket, its slots and counters. */
    private final class ServiceState {
        final String service;
        final Slots slots = new Slots();
        final AtomicInteger inFlight = new AtomicInteger();
        final LongAdder granted = new LongAdder();
        final LongAdder waited = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder waitNanos = new LongAdder();
        volatile ServiceLimits limits;
        volatile BucketProxy bucket;
        private int slotsConfigured = UNLIMITED;

        ServiceState(String service) {
            this.service = service;
        }

        /** New limits ({@code null}: none); calls in flight keep their slots and count against the new number. */
        synchronized void apply(ServiceLimits next, long version) {
            int target = next == null || next.concurrent() == 0 ? UNLIMITED : next.concurrent();
            if (target > slotsConfigured) {
                slots.release(target - slotsConfigured);
            } else if (target < slotsConfigured) {
                slots.reduce(slotsConfigured - target);
            }
            slotsConfigured = target;
            bucket = next == null || !next.shared() ? null
                    : buckets.builder().withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.ADDITIVE)
                            .build("rate:" + service, next::bucketConfiguration);
            limits = next;
        }
    }
}
