package org.toolboxai.api.error;

/** What kind of error, finer than {@link org.toolboxai.api.failure.FailureKind}: what recovery is chosen by. */
public enum ErrorClass {
    /** The remote service could not be reached or failed (broken connection, HTTP 5xx). */
    NETWORK,
    /** The remote service did not answer in time. */
    TIMEOUT,
    /** A rate limit or quota refused the call, ours or the remote service's (HTTP 429). */
    RATE_LIMITED,
    /** A cost budget refused the call before it was made. */
    BUDGET,
    /** The remote service refused the credentials (HTTP 401, 403). */
    AUTHENTICATION,
    /** The model answered something unusable (not JSON, not the promised shape). */
    INVALID_OUTPUT,
    /** The request was refused as invalid (HTTP 400, 404 ...): trying again will not help. */
    VALIDATION,
    /** A fault of this system (a bug): reported, never retried blindly. */
    INTERNAL
}
