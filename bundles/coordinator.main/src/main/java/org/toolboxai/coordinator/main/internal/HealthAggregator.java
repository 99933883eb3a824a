package org.toolboxai.coordinator.main.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.health.ContributorHealth;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthService;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.health.Readiness;

/**
 * Asks every {@link HealthContributor} present at the moment of the call, in parallel, each
 * within a time-out. A contributor whose previous check still hangs is not asked again (so a
 * hung add-on holds one thread, not one per request) and is reported DOWN. Readiness comes from
 * the same check: the boot must be over, and no critical or required contributor starting or down.
 */
@Component(service = HealthService.class, configurationPid = HealthConfig.PID)
@Designate(ocd = HealthConfig.class)
public class HealthAggregator implements HealthService {

    private static final Logger LOG = LoggerFactory.getLogger(HealthAggregator.class);

    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();
    private final Map<HealthContributor, CompletableFuture<Timed>> inFlight = new ConcurrentHashMap<>();

    /** A check's result and how long that contributor itself took. */
    private record Timed(HealthCheck check, long nanos) {
    }

    /** One check, as health and as readiness. */
    private record Assessment(HealthReport report, Readiness readiness) {
    }

    /** Names readiness's entry for the boot features. */
    static final String BOOT = "boot";

    private final Clock clock;
    private final BootProgress boot;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor executor;
    private volatile long timeoutMillis;
    private volatile long cacheNanos;
    /** The last report and when it was made; dropped whenever a contributor comes or goes. */
    private volatile Cached cached;
    /** Bumped whenever {@link #cached} is dropped, so a check started before that is not cached after it. */
    private final AtomicLong generation = new AtomicLong();
    /**
     * The check under way when the cached report expired: callers arriving meanwhile wait for its
     * report instead of each starting a check of their own (under load every request thread did,
     * once per {@code cache.millis}, and they all queued on the same contributors).
     */
    private final AtomicReference<Refresh> refreshing = new AtomicReference<>();

    private record Cached(Assessment assessment, long madeAtNanos) {
    }

    /** A check under way, and the {@link #generation} of the contributors it asks. */
    private record Refresh(long generation, CompletableFuture<Assessment> result) {
    }

    /** Starts with a configuration, watching Karaf's boot. */
    @Activate
    public HealthAggregator(HealthConfig config, BundleContext context) {
        this(config, Clock.systemUTC(), System::nanoTime, new KarafBootProgress(context));
    }

    HealthAggregator(HealthConfig config, Clock clock) {
        this(config, clock, System::nanoTime);
    }

    HealthAggregator(HealthConfig config, Clock clock, LongSupplier nanoTime) {
        this(config, clock, nanoTime, BootProgress.NONE);
    }

    HealthAggregator(HealthConfig config, Clock clock, LongSupplier nanoTime, BootProgress boot) {
        this.clock = clock;
        this.boot = boot;
        this.nanoTime = nanoTime;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, Math.max(1, config.max_checks_in_flight()), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "toolbox-health-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        modified(config);
    }

    /** Applies a new time-out and pool size. */
    @Modified
    void modified(HealthConfig config) {
        this.timeoutMillis = config.contributor_timeout_millis();
        this.cacheNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.cache_millis()));
        invalidate();
        int max = Math.max(1, config.max_checks_in_flight());
        if (max >= executor.getCorePoolSize()) {
            executor.setMaximumPoolSize(max);
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        if (boot instanceof KarafBootProgress karaf) {
            karaf.close();
        }
    }

    /** A contributor appeared. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(HealthContributor contributor) {
        contributors.add(contributor);
        invalidate();
    }

    /** A contributor went away. */
    void removeContributor(HealthContributor contributor) {
        contributors.remove(contributor);
        inFlight.remove(contributor);
        invalidate();
    }

    private void invalidate() {
        generation.incrementAndGet();
        cached = null;
    }

    @Override
    public HealthReport check() {
        return assess().report();
    }

    @Override
    public Readiness readiness() {
        return assess().readiness();
    }

    private Assessment assess() {
        Cached last = cached;
        long now = nanoTime.getAsLong();
        if (last != null && now - last.madeAtNanos < cacheNanos) {
            return last.assessment;
        }
        if (cacheNanos <= 0) {
            return checkNow();
        }
        long currentGeneration = generation.get();
        Refresh mine = new Refresh(currentGeneration, new CompletableFuture<>());
        Refresh running = refreshing.compareAndExchange(null, mine);
        if (running != null) {
            if (running.generation() == currentGeneration) {
                // a check started after the report expired, of the same contributors: as fresh as our own
                return join(running.result());
            }
            // a contributor came or went since that check started: it must not answer for them
            return checkNow();
        }
        try {
            Cached meanwhile = cached;
            if (meanwhile != null && nanoTime.getAsLong() - meanwhile.madeAtNanos < cacheNanos) {
                // another caller's check finished between our look at the cache and now
                mine.result().complete(meanwhile.assessment);
                return meanwhile.assessment;
            }
            Assessment assessment = checkNow();
            if (generation.get() == currentGeneration) {
                cached = new Cached(assessment, now);
            }
            mine.result().complete(assessment);
            return assessment;
        } catch (RuntimeException | Error e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            refreshing.compareAndSet(mine, null);
        }
    }

    private static Assessment join(CompletableFuture<Assessment> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private Assessment checkNow() {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<HealthContributor> present = List.copyOf(contributors);
        List<CompletableFuture<Timed>> futures = new ArrayList<>(present.size());
        for (HealthContributor contributor : present) {
            futures.add(submit(contributor));
        }
        List<ContributorHealth> results = new ArrayList<>(present.size());
        for (int i = 0; i < present.size(); i++) {
            results.add(await(present.get(i), futures.get(i), startNanos, deadline));
        }
        results.sort(Comparator.comparing(ContributorHealth::name));
        List<Readiness.Pending> pending = pending(results, boot.finished(), boot.requiredContributors());
        HealthStatus status = overall(results, pending);
        return new Assessment(new HealthReport(status, started, results), new Readiness(status, started, pending));
    }

    /**
     * What keeps the node from being ready: the boot features while they install, each required
     * contributor that is not registered yet, each critical or required one that is STARTING or
     * DOWN. A DEGRADED one does not: a slow node stays in the load balancer.
     */
    static List<Readiness.Pending> pending(List<ContributorHealth> results, boolean bootFinished, Set<String> required) {
        List<Readiness.Pending> pending = new ArrayList<>();
        if (!bootFinished) {
            pending.add(new Readiness.Pending(BOOT, HealthStatus.STARTING, "The boot features are still being installed."));
        }
        Set<String> present = new HashSet<>();
        for (ContributorHealth result : results) {
            present.add(result.name());
            boolean counts = result.critical() || required.contains(result.name());
            if (counts && (result.status() == HealthStatus.STARTING || result.status() == HealthStatus.DOWN)) {
                pending.add(new Readiness.Pending(result.name(), result.status(), result.message()));
            }
        }
        for (String name : required) {
            if (!present.contains(name)) {
                pending.add(new Readiness.Pending(name, HealthStatus.STARTING,
                        "Not registered yet; an active bundle declares that readiness needs it."));
            }
        }
        pending.sort(Comparator.comparing(Readiness.Pending::name));
        return pending;
    }

    /** DOWN when a critical contributor is; STARTING while something readiness waits for starts; else as the contributors say. */
    static HealthStatus overall(List<ContributorHealth> results, List<Readiness.Pending> pending) {
        HealthStatus status = overall(results);
        if (status != HealthStatus.DOWN && pending.stream().anyMatch(p -> p.status() == HealthStatus.STARTING)) {
            return HealthStatus.STARTING;
        }
        return status;
    }

    /** The contributors' verdict alone: DOWN when a critical one is, DEGRADED when any is not UP. */
    static HealthStatus overall(List<ContributorHealth> results) {
        HealthStatus status = HealthStatus.UP;
        for (ContributorHealth result : results) {
            if (result.status() == HealthStatus.DOWN && result.critical()) {
                return HealthStatus.DOWN;
            }
            if (result.status() != HealthStatus.UP) {
                status = HealthStatus.DEGRADED;
            }
        }
        return status;
    }

    private CompletableFuture<Timed> submit(HealthContributor contributor) {
        // atomic: two concurrent health requests never start two checks of one hung contributor
        return inFlight.compute(contributor, (key, previous) -> {
            if (previous != null && !previous.isDone()) {
                return previous;
            }
            CompletableFuture<Timed> future = new CompletableFuture<>();
            try {
                executor.execute(() -> {
                    long start = System.nanoTime();
                    try {
                        future.complete(new Timed(key.check(), System.nanoTime() - start));
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                future.complete(new Timed(HealthCheck.down("not checked: too many health checks are still hanging"), 0));
            }
            return future;
        });
    }

    private ContributorHealth await(HealthContributor contributor, CompletableFuture<Timed> future,
            long startNanos, long deadline) {
        String name = safeName(contributor);
        boolean critical = safeCritical(contributor);
        HealthCheck check;
        long millis = timeoutMillis;
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            Timed timed = future.get(wait, TimeUnit.NANOSECONDS);
            millis = TimeUnit.NANOSECONDS.toMillis(timed.nanos());
            check = timed.check();
            if (check == null) {
                check = HealthCheck.down("the contributor returned no result");
            }
        } catch (TimeoutException e) {
            check = HealthCheck.down("no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("Health contributor {} failed", name, cause);
            check = HealthCheck.down("check failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check = HealthCheck.down("interrupted");
        }
        return new ContributorHealth(name, check.status(), critical, check.message(), check.details(),
                Math.min(millis, timeoutMillis));
    }

    private static String safeName(HealthContributor contributor) {
        try {
            String name = contributor.name();
            return name == null ? contributor.getClass().getName() : name;
        } catch (RuntimeException e) {
            return contributor.getClass().getName();
        }
    }

    private static boolean safeCritical(HealthContributor contributor) {
        try {
            return contributor.critical();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
