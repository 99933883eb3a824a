package org.toolboxai.coordinator.error.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.error.RecoveryAction;
import org.toolboxai.api.error.RecoveryAttempt;
import org.toolboxai.api.error.RecoveryStrategy;

/** The built-in recovery strategies, each its own service so that other bundles can add or outrank them. */
final class Strategies {

    private Strategies() {
    }

    /** Seconds, with one decimal, for the provenance. */
    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Exponential back-off with jitter: before retry {@code n} it waits a random time between half
     * and all of {@code initial * 2^(n-1)}, capped ("equal jitter": callers that failed together
     * spread out, and every wait is still a real back-off).
     */
    static Duration backoff(int attempt, long initialMillis, long maxMillis) {
        long base = Math.min(maxMillis, initialMillis << Math.min(20, Math.max(0, attempt - 1)));
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }

    /**
     * Retries a failing remote service (network, time-out, an unusable answer) after a back-off,
     * while its circuit is closed; it leaves the last attempt to the fallback, when there is one.
     */
    @Component(service = RecoveryStrategy.class, configurationPid = ErrorConfig.PID)
    public static final class Retry implements RecoveryStrategy {
        private static final Set<ErrorClass> HANDLES = Set.of(ErrorClass.NETWORK, ErrorClass.TIMEOUT, ErrorClass.INVALID_OUTPUT);
        private volatile ErrorConfig config;

        @Activate
        public Retry(ErrorConfig config) {
            this.config = config;
        }

        @Modified
        void modified(ErrorConfig changed) {
            this.config = changed;
        }

        @Override
        public String name() {
            return "retry";
        }

        @Override
        public boolean handles(ErrorClass errorClass) {
            return HANDLES.contains(errorClass);
        }

        @Override
        public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
            if (attempt.circuitOpen() || attempt.retriesLeft() <= 0) {
                return Optional.empty();
            }
            if (attempt.retriesLeft() == 1 && attempt.fallback().isPresent() && attempt.errorClass() != ErrorClass.INVALID_OUTPUT) {
                return Optional.empty(); // the last attempt is the fallback's: another failure of the same service helps nobody
            }
            Duration delay = backoff(attempt.attempt(), config.backoff_initial_millis(), config.backoff_max_millis());
            return Optional.of(RecoveryAction.retry(delay, "retried after " + seconds(delay)));
        }
    }

    /** Waits for a rate limit or quota as long as the refusal said (Retry-After), or a back-off when it did not say. */
    @Component(service = RecoveryStrategy.class, configurationPid = ErrorConfig.PID)
    public static final class WaitForQuota implements RecoveryStrategy {
        private volatile ErrorConfig config;

        @Activate
        public WaitForQuota(ErrorConfig config) {
            this.config = config;
        }

        @Modified
        void modified(ErrorConfig changed) {
            this.config = changed;
        }

        @Override
        public String name() {
            return "wait-for-quota";
        }

        @Override
        public boolean handles(ErrorClass errorClass) {
            return errorClass == ErrorClass.RATE_LIMITED;
        }

        @Override
        public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
            if (attempt.retriesLeft() <= 0) {
                return Optional.empty();
            }
            Duration said = attempt.failure().retryAfter();
            Duration delay = said != null ? said
                    : backoff(attempt.attempt(), config.backoff_initial_millis(), config.backoff_max_millis());
            if (delay.getSeconds() > config.max_wait_seconds()) {
                return Optional.empty(); // longer than any call may wait: someone else (a fallback) or nobody
            }
            return Optional.of(RecoveryAction.retry(delay, "waited " + seconds(delay) + " for the rate limit"
                    + (said != null ? " (as the refusal asked)" : "")));
        }
    }

    /**
     * Calls the configured fallback service while the service's circuit is open, when its last
     * retry is due, or when its rate limit asks for a longer wait than a call may take.
     */
    @Component(service = RecoveryStrategy.class, configurationPid = ErrorConfig.PID)
    public static final class Fallback implements RecoveryStrategy {
        private static final Set<ErrorClass> HANDLES = Set.of(ErrorClass.NETWORK, ErrorClass.TIMEOUT, ErrorClass.RATE_LIMITED);
        private volatile ErrorConfig config;

        @Activate
        public Fallback(ErrorConfig config) {
            this.config = config;
        }

        @Modified
        void modified(ErrorConfig changed) {
            this.config = changed;
        }

        @Override
        public String name() {
            return "fallback";
        }

        @Override
        public boolean handles(ErrorClass errorClass) {
            return HANDLES.contains(errorClass);
        }

        @Override
        public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
            if (attempt.fallback().isEmpty()) {
                return Optional.empty();
            }
            String service = attempt.context().service();
            String other = attempt.fallback().get();
            if (attempt.circuitOpen()) {
                return Optional.of(RecoveryAction.fallback(other, other + " answered instead: " + service + "'s circuit is open"));
            }
            if (attempt.retriesLeft() <= 1) {
                return Optional.of(RecoveryAction.fallback(other, other + " answered instead: " + service + " kept failing"));
            }
            Duration said = attempt.failure().retryAfter();
            if (attempt.errorClass() == ErrorClass.RATE_LIMITED && said != null && said.getSeconds() > config.max_wait_seconds()) {
                return Optional.of(RecoveryAction.fallback(other, other + " answered instead: " + service + " asked to wait "
                        + seconds(said)));
            }
            return Optional.empty();
        }
    }

    /**
     * Rolls back state: when a failure stands (no retry, wait or fallback is left for it) and the
     * call can undo what its failed attempt changed ({@link org.toolboxai.api.error.UndoableCall}),
     * the attempt is undone, so that a push that failed half-way leaves nothing half made.
     */
    @Component(service = RecoveryStrategy.class)
    public static final class RollBack implements RecoveryStrategy {

        @Override
        public String name() {
            return "roll-back";
        }

        @Override
        public boolean handles(ErrorClass errorClass) {
            return true; // any failure can end a call that changed something half-way
        }

        @Override
        public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
            if (!attempt.undoable() || attempt.retriesLeft() > 0) {
                return Optional.empty(); // while the call may still succeed, what it made is kept for the next attempt
            }
            return Optional.of(RecoveryAction.rollBack("rolled back what attempt " + attempt.attempt() + " changed ("
                    + attempt.errorClass().name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
    }
}
