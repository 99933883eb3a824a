package org.toolboxai.api.guard;

import java.time.Duration;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The resource coordinator, for callers of remote services and for tasks that need shared
 * resources. Its limits and budgets live in the store, so they hold across every node.
 */
@ProviderType
public interface ResourceGuard {

    /**
     * Permission for one call to {@code call.service()}: waits at most {@code maxWait} for the
     * service's rate limits and concurrent calls, then, for a model call, reserves its largest
     * cost (the estimate, priced by the configured price table) against the day's budgets.
     *
     * @param estimate the most a model call can use, or {@code null} for a call that costs nothing
     * @throws org.toolboxai.api.failure.FailureException {@code RATE_LIMITED} naming the limit,
     *         with the time after which to try again, or {@code OVER_BUDGET} naming the budget
     */
    Permit acquire(CallContext call, ModelUsage estimate, Duration maxWait);

    /**
     * Resources for a task, as one lease: concurrency slots, memory, quota units, by name as the
     * configuration names them. Waits at most {@code maxWait} (in a bounded queue) for capacity.
     *
     * @param holder who holds them (a run and step, a user), for the listing
     * @throws org.toolboxai.api.failure.FailureException {@code RATE_LIMITED} when they are not
     *         free in time or the queue is full, {@code PERMANENT} when more is asked than exists
     *         or a resource is unknown, each with the reason
     */
    Allocation allocate(String holder, Map<String, Long> amounts, Duration maxWait);

    /**
     * A remote service asked to slow down (Canvas's {@code 403 Rate Limit Exceeded}, a 429 with
     * {@code Retry-After}): for {@code pause}, permits for it wait until the pause ends, or are
     * refused {@code RATE_LIMITED} naming the reason when the caller cannot wait that long, so
     * every caller on this node backs off together instead of each finding the limit again.
     *
     * @since 1.1.0
     */
    default void slowDown(String service, Duration pause, String reason) {
    }
}
