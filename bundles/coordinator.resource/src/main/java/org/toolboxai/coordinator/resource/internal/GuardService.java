package org.toolboxai.coordinator.resource.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.Allocation;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.ModelUsage;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.api.guard.ResourceGuard;

/**
 * The resource coordinator's service: a permit is the service's rate limits (waited for within
 * the caller's time) and, for a model call, a budget reservation of its largest cost; settling
 * writes the ledger row with the real tokens and cost, closing without a settle releases the
 * reservation. Every step is counted for the monitor.
 */
@Component(service = ResourceGuard.class)
public class GuardService implements ResourceGuard {

    private static final Logger LOG = LoggerFactory.getLogger(GuardService.class);

    private final ResourceCoordinator resources;

    /** Guards with the coordinator's limits, ledger and prices. */
    @Activate
    public GuardService(@Reference ResourceCoordinator resources) {
        this.resources = resources;
    }

    @Override
    public Permit acquire(CallContext call, ModelUsage estimate, Duration maxWait) {
        String service = call.service();
        long started = System.nanoTime();
        Duration wait = maxWait == null ? Duration.ZERO : maxWait;
        awaitPause(service, wait);
        Duration left = wait.minus(Duration.ofNanos(System.nanoTime() - started)); // the pause took its share of the wait
        RateLimits.Grant grant;
        try {
            grant = resources.limits().acquire(service, left.isNegative() ? Duration.ZERO : left);
        } catch (FailureException e) {
            if (e.failure().kind() == FailureKind.RATE_LIMITED) {
                resources.monitor().refusedByLimit(service);
            }
            throw e;
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        BudgetLedger.Reservation reservation = null;
        if (estimate != null) {
            PriceTable.Price price = resources.prices().price(service, estimate.model());
            long micros = price.cost(estimate.inputTokens(), estimate.outputTokens());
            try {
                reservation = resources.ledger().reserve(new BudgetLedger.Call(service, estimate.model(), call.user(), call.runId(),
                        call.stepId()), micros);
            } catch (BudgetLedger.BudgetExceeded e) {
                grant.close();
                resources.monitor().refusedByBudget(service);
                throw new FailureException(Failure.of(FailureKind.OVER_BUDGET, e.getMessage()));
            } catch (SQLException e) {
                grant.close();
                throw new FailureException(Failure.of(FailureKind.TRANSIENT, "the budget could not be reserved: the store did not answer"), e);
            } catch (RuntimeException | Error e) {
                grant.close(); // never keep the concurrent-call slot of a call that is not made
                throw e;
            }
        }
        resources.monitor().granted(service, waited.toMillis() < 1 ? Duration.ZERO : waited);
        return new GuardedPermit(service, estimate, grant, reservation);
    }

    /**
     * A service's pause: until when (on this node's monotonic clock, and as a time for people), and why.
     */
    private record Pause(long untilNanos, java.time.Instant until, String reason) {
    }

    /** The longest pause a remote service can ask for. */
    static final Duration MAX_PAUSE = Duration.ofMinutes(10);
    private final java.util.Map<String, Pause> pauses = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void slowDown(String service, Duration pause, String reason) {
        if (service == null || pause == null || pause.isNegative() || pause.isZero()) {
            return;
        }
        Duration capped = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
        Pause next = new Pause(System.nanoTime() + capped.toNanos(), java.time.Instant.now().plus(capped), reason);
        pauses.merge(service, next, (old, fresh) -> old.untilNanos() - fresh.untilNanos() >= 0 ? old : fresh);
    }

    /** Waits out a pause the service asked for, or refuses when it lasts longer than the caller may wait. */
    private void awaitPause(String service, Duration maxWait) {
        Pause pause = pauses.get(service);
        if (pause == null) {
            return;
        }
        long left = pause.untilNanos() - System.nanoTime();
        if (left <= 0) {
            pauses.remove(service, pause);
            return;
        }
        if (left > maxWait.toNanos()) {
            resources.monitor().refusedByLimit(service);
            throw new FailureException(Failure.rateLimited(service + " asked to slow down (" + pause.reason() + "); calls to it wait until "
                    + pause.until(), Duration.ofNanos(left).plusMillis(999).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        try {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException(Failure.of(FailureKind.CANCELLED, "interrupted while " + service + " asked to slow down"));
        }
    }

    @Override
    public Allocation allocate(String holder, Map<String, Long> amounts, Duration maxWait) {
        return resources.allocations().allocate(holder, amounts, maxWait == null ? Duration.ZERO : maxWait);
    }

    private final class GuardedPermit implements Permit {
        private final String service;
        private final ModelUsage estimate;
        private final RateLimits.Grant grant;
        private final BudgetLedger.Reservation reservation;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean keepReserved = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        GuardedPermit(String service, ModelUsage estimate, RateLimits.Grant grant, BudgetLedger.Reservation reservation) {
            this.service = service;
            this.estimate = estimate;
            this.grant = grant;
            this.reservation = reservation;
        }

        @Override
        public void settle(ModelUsage used) {
            if (closed.get() || !settled.compareAndSet(false, true)) {
                throw new IllegalStateException("this permit was already settled or closed");
            }
            if (reservation == null) {
                resources.monitor().settled(service, 0);
                return;
            }
            // the model that answered may carry a dated name (gpt-4o-mini-2024-07-18): its own price if
            // configured, else the price of the model the reservation was made for
            PriceTable prices = resources.prices();
            PriceTable.Price price = prices.has(service, used.model()) ? prices.price(service, used.model())
                    : prices.price(service, estimate.model());
            long cost = price.cost(used.inputTokens(), used.outputTokens());
            try {
                reservation.settle(used.model(), used.inputTokens(), used.outputTokens(), cost);
                resources.monitor().settled(service, cost);
            } catch (SQLException | RuntimeException e) {
                // the call was made and paid for: its reservation must keep counting (until the day
                // ends) rather than be released as if it cost nothing
                keepReserved.set(true);
                LOG.error("Cannot settle a {} call ({} and {} tokens): its reservation of the largest cost stays counted "
                        + "against the budgets until the day ends", service, used.inputTokens(), used.outputTokens(), e);
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                if (!settled.get()) {
                    resources.monitor().failed(service);
                }
                if (reservation != null && !keepReserved.get()) {
                    reservation.close();
                }
            } finally {
                grant.close();
            }
        }
    }
}
