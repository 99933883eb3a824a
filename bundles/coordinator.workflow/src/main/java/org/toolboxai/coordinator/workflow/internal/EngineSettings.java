package org.toolboxai.coordinator.workflow.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The scheduler's limits, one immutable value: a configuration change swaps the whole value, and
 * the scheduler reads it afresh for each decision, so new work follows it and running work is
 * left alone.
 *
 * @param maxRunningRuns       runs executing at once; more wait in the queue
 * @param queueCapacity        runs that may wait; beyond that creation is refused (429)
 * @param workerThreads        step attempts executing at once across all runs
 * @param defaultTimeoutMillis per step attempt, from the moment its handler starts, unless the template says otherwise
 * @param defaultRetries       extra attempts after a failure, unless the template says otherwise
 * @param backoffInitialMillis first retry delay; doubles per attempt, with jitter
 * @param backoffMaxMillis     longest retry delay
 * @param effectTimeoutMillis  how long one step's store effects may take in its completion's commit
 * @param leaseMillis          how long a node's runs stay its own without a heartbeat; then other nodes take them over
 */
record EngineSettings(int maxRunningRuns, int queueCapacity, int workerThreads, long defaultTimeoutMillis,
        int defaultRetries, long backoffInitialMillis, long backoffMaxMillis, long effectTimeoutMillis, long leaseMillis) {

    /** The default lease: a dead node's runs go on elsewhere within about this long. */
    static final long DEFAULT_LEASE_MILLIS = 10_000;

    /** Settings with the default lease. */
    EngineSettings(int maxRunningRuns, int queueCapacity, int workerThreads, long defaultTimeoutMillis, int defaultRetries,
            long backoffInitialMillis, long backoffMaxMillis, long effectTimeoutMillis) {
        this(maxRunningRuns, queueCapacity, workerThreads, defaultTimeoutMillis, defaultRetries, backoffInitialMillis,
                backoffMaxMillis, effectTimeoutMillis, DEFAULT_LEASE_MILLIS);
    }

    /** The settings a configuration gives. */
    static EngineSettings of(WorkflowConfig config) {
        return new EngineSettings(config.max_running_runs(), config.queue_capacity(), config.worker_threads(),
                config.default_step_timeout_seconds() * 1000, config.default_retries(), config.retry_initial_millis(),
                config.retry_max_millis(), config.effect_timeout_seconds() * 1000, Math.max(2, config.lease_seconds()) * 1000L);
    }

    /** How often a node heartbeats: four times per lease, so one or two late beats cost nothing. */
    long heartbeatMillis() {
        return Math.max(250, leaseMillis / 4);
    }

    /**
     * Threads handlers may hold in all, busy and stuck together: a stuck thread (one whose attempt
     * timed out or was cancelled but which has not returned) does not hold back other runs, but no
     * step starts while this many threads are taken.
     */
    int maxThreads() {
        return 2 * workerThreads;
    }

    /** The delay before retry {@code attempt} (1 for the first retry). */
    long backoffMillis(int attempt) {
        double base = Math.min(backoffMaxMillis, backoffInitialMillis * Math.pow(2, Math.max(0, attempt - 1)));
        // "equal jitter": between half and all of the exponential delay, so retries spread out
        return (long) (base / 2 + ThreadLocalRandom.current().nextDouble() * base / 2);
    }
}
