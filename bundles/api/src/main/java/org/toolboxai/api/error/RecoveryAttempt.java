package org.toolboxai.api.error;

import java.util.Optional;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.guard.CallContext;

/**
 * A failed attempt, as a {@link RecoveryStrategy} sees it.
 *
 * @param context     the call
 * @param errorClass  the failure's class
 * @param failure     the typed failure (its retry-after for a rate limit)
 * @param attempt     attempts made so far, from 1
 * @param retriesLeft further attempts the configuration allows for this call
 * @param circuitOpen whether the service's circuit is open now (calls to it fail fast)
 * @param fallback    the service configured to stand in for this one, if any, and not already in use
 * @param undoable    whether the call can undo what a failed attempt changed ({@link UndoableCall}), since 1.1.0
 */
public record RecoveryAttempt(CallContext context, ErrorClass errorClass, Failure failure, int attempt, int retriesLeft,
        boolean circuitOpen, Optional<String> fallback, boolean undoable) {

    /** An attempt at a call that cannot undo anything. */
    public RecoveryAttempt(CallContext context, ErrorClass errorClass, Failure failure, int attempt, int retriesLeft,
            boolean circuitOpen, Optional<String> fallback) {
        this(context, errorClass, failure, attempt, retriesLeft, circuitOpen, fallback, false);
    }
}
