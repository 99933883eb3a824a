package org.toolboxai.api.failure;

import java.time.Duration;

/**
 * Thrown by a step handler (or any service) to fail with a kind: a {@link FailureKind#PERMANENT}
 * failure fails the step at once, a rate-limited one waits at least its retry-after, the others
 * are retried as the step's template says.
 */
public class FailureException extends RuntimeException implements Classified {

    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    /** Fails with a failure. */
    public FailureException(Failure failure) {
        this(failure, null);
    }

    /** Fails with a failure and the exception behind it (for the log, not for users). */
    public FailureException(Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    /** Trying again will not help. */
    public static FailureException permanent(String message) {
        return new FailureException(Failure.of(FailureKind.PERMANENT, message));
    }

    /** May pass on another try. */
    public static FailureException temporary(String message) {
        return new FailureException(Failure.of(FailureKind.TRANSIENT, message));
    }

    /** Refused for now: try again after {@code retryAfter}. */
    public static FailureException rateLimited(String message, Duration retryAfter) {
        return new FailureException(Failure.rateLimited(message, retryAfter));
    }

    /** The work produced something unusable. */
    public static FailureException invalidOutput(String message) {
        return new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, message));
    }

    @Override
    public Failure failure() {
        return failure;
    }
}
