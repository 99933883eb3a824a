package org.toolboxai.api.error;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RecoveryStrategy} decided.
 *
 * @param kind    retry the same service, switch to another, or give up
 * @param delay   how long to wait first (zero for none)
 * @param service the service to call next ({@code FALLBACK}), or {@code null}
 * @param reason  in words, for the provenance and the log
 */
public record RecoveryAction(Kind kind, Duration delay, String service, String reason) {

    /** What to do. */
    public enum Kind {
        /** Call the same service again after the delay. */
        RETRY,
        /** Call another service (after the delay). */
        FALLBACK,
        /** Stop: the failure stands. */
        GIVE_UP,
        /**
         * Stop, and undo what the failed attempt changed ({@link UndoableCall#rollBack}): the
         * failure stands, and nothing half made stays behind.
         *
         * @since 1.1.0
         */
        ROLL_BACK
    }

    /** Validates. */
    public RecoveryAction {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        if (kind == Kind.FALLBACK && service == null) {
            throw new IllegalArgumentException("a fallback names its service");
        }
        reason = reason == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : reason;
    }

    /** Try the same service again after {@code delay}. */
    public static RecoveryAction retry(Duration delay, String reason) {
        return new RecoveryAction(Kind.RETRY, delay, null, reason);
    }

    /** Call {@code service} instead. */
    public static RecoveryAction fallback(String service, String reason) {
        return new RecoveryAction(Kind.FALLBACK, Duration.ZERO, service, reason);
    }

    /**
     * The failure stands, and what the failed attempt changed is undone.
     *
     * @since 1.1.0
     */
    public static RecoveryAction rollBack(String reason) {
        return new RecoveryAction(Kind.ROLL_BACK, Duration.ZERO, null, reason);
    }

    /** The failure stands. */
    public static RecoveryAction giveUp(String reason) {
        return new RecoveryAction(Kind.GIVE_UP, Duration.ZERO, null, reason);
    }
}
