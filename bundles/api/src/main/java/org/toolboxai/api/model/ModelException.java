package org.toolboxai.api.model;

import org.toolboxai.api.failure.Classified;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;

/**
 * A model call that failed, with its typed {@link Failure}: permanent (400, 401, 403, 404, no
 * quota), transient (5xx, broken connections), rate-limited (429, with the server's
 * retry-after), timed out, or invalid output.
 */
public class ModelException extends Exception implements Classified {

    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    /** A failure with its cause: transient when {@code retryable}, permanent otherwise. */
    public ModelException(String message, boolean retryable, Throwable cause) {
        this(Failure.of(retryable ? FailureKind.TRANSIENT : FailureKind.PERMANENT, message), cause);
    }

    /** A typed failure with its cause (for the log, never shown to users). @since 1.1.0 */
    public ModelException(Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    /** Whether trying again may help. */
    public boolean retryable() {
        return failure.kind().retryable();
    }

    /** What kind of failure, and how long to wait for a rate limit. @since 1.1.0 */
    @Override
    public Failure failure() {
        return failure;
    }
}
