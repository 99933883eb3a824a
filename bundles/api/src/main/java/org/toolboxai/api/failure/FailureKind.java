package org.toolboxai.api.failure;

/** What kind of failure it was, which decides whether and when to try again. */
public enum FailureKind {
    /** Trying again will not help (bad credentials, a refused request, a missing model). */
    PERMANENT(false),
    /** May pass on another try (a 5xx, a broken connection). */
    TRANSIENT(true),
    /** Refused for now by a rate limit or quota; try again after the retry-after, not before. */
    RATE_LIMITED(true),
    /** The work ran but produced something unusable (not JSON, not the promised shape). */
    INVALID_OUTPUT(false),
    /** Stopped because someone cancelled it. */
    CANCELLED(false),
    /** Took longer than allowed. */
    TIMED_OUT(true),
    /** The remote service refused the credentials (HTTP 401, 403): fix the configuration. @since 1.1.0 */
    AUTHENTICATION(false),
    /** Refused before it was made because it could pass a cost budget; the budget renews each day. @since 1.1.0 */
    OVER_BUDGET(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether another attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
