package org.toolboxai.coordinator.workflow.internal;

/**
 * The scheduler's limits.
 *
 * @param maxRunningRuns     runs executing at once; more wait in the queue
 * @param queueCapacity      runs that may wait; beyond that creation is refused (429)
 * @param workerThreads      steps executing at once across all runs
 * @param defaultTimeoutMillis per step attempt, unless the template says otherwise
 * @param defaultRetries     extra attempts after a failure, unless the template says otherwise
 * @param backoffInitialMillis first retry delay; doubles per attempt, with jitter
 * @param backoffMaxMillis   longest retry delay
 */
record EngineSettings(int maxRunningRuns, int queueCapacity, int workerThreads, long defaultTimeoutMillis,
        int defaultRetries, long backoffInitialMillis, long backoffMaxMillis) {
}
