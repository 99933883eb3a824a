package org.toolboxai.api.failure;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure as data: its kind, a message a user can act on (never a stack trace, never a
 * secret), and for {@link FailureKind#RATE_LIMITED} how long to wait.
 *
 * @param kind       what kind of failure
 * @param message    what happened
 * @param retryAfter how long to wait before trying again, or {@code null} when not said
 */
public record Failure(FailureKind kind, String message, Duration retryAfter) {

    /** Validates. */
    public Failure {
        Objects.requireNonNull(kind, "kind");
        message = message == null || message.isBlank() ? kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                : message;
        if (retryAfter != null && retryAfter.isNegative()) {
            retryAfter = Duration.ZERO;
        }
    }

    /** A failure without a retry-after. */
    public static Failure of(FailureKind kind, String message) {
        return new Failure(kind, message, null);
    }

    /** A rate-limit refusal: try again after {@code retryAfter}. */
    public static Failure rateLimited(String message, Duration retryAfter) {
        return new Failure(FailureKind.RATE_LIMITED, message, retryAfter);
    }

    /**
     * The failure behind an exception: the first {@link Classified} in its cause chain; otherwise
     * an interruption is {@link FailureKind#CANCELLED}, a {@link java.util.concurrent.TimeoutException}
     * is {@link FailureKind#TIMED_OUT}, and anything else is {@link FailureKind#TRANSIENT}, named by
     * its class and message.
     */
    public static Failure of(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof Classified classified && classified.failure() != null) {
                return classified.failure();
            }
        }
        String text = thrown.getMessage() == null ? thrown.getClass().getSimpleName()
                : thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
        if (thrown instanceof InterruptedException) {
            return of(FailureKind.CANCELLED, text);
        }
        if (thrown instanceof java.util.concurrent.TimeoutException) {
            return of(FailureKind.TIMED_OUT, text);
        }
        return of(FailureKind.TRANSIENT, text);
    }

    /** The same failure with a message in front, e.g. where it happened. */
    public Failure prefixed(String prefix) {
        return new Failure(kind, prefix + message, retryAfter);
    }
}
