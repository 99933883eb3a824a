package org.toolboxai.lms.internal;

import java.util.Optional;

import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.error.UndoableCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.api.lms.LmsConnection;

/**
 * A provider's calls for one push or listing: each under the resource coordinator's permit for the
 * provider's service (its rate limits and concurrent calls), inside the error coordinator's
 * recovery (retries, waits for a rate limit, the circuit breaker, roll-back), both when installed.
 */
final class LmsConnectionImpl implements LmsConnection {

    static final String COMPONENT = "lms";

    private final String provider;
    private final String user;
    private final String requestId;
    private final String pushId;
    private final LmsService service;

    LmsConnectionImpl(String provider, String user, String requestId, String pushId, LmsService service) {
        this.provider = provider;
        this.user = user;
        this.requestId = requestId;
        this.pushId = pushId;
        this.service = service;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Optional<String> credential(String field) {
        try {
            return service.credential(user, provider, field);
        } catch (java.sql.SQLException e) {
            throw new FailureException(Failure.of(FailureKind.TRANSIENT, "the stored credentials cannot be read now: " + e.getMessage()), e);
        }
    }

    @Override
    public <T> T call(String operation, RemoteCall<T> call) throws Exception {
        CallContext context = new CallContext(COMPONENT, operation, provider, user, null, null, requestId == null ? pushId : requestId);
        RemoteCall<T> permitted = (service, attempt) -> {
            ResourceGuard guard = this.service.guard();
            if (guard == null) {
                return call.call(service, attempt);
            }
            Permit permit = guard.acquire(context.withService(service), null, this.service.permitWait());
            try (permit) {
                return call.call(service, attempt);
            } catch (FailureException e) { // the LMS's refusal, not our limits' (those come from acquire, above)
                Failure failure = e.failure();
                if (failure.kind() == FailureKind.RATE_LIMITED && failure.retryAfter() != null) {
                    // the LMS itself said slow down: every caller of it on this node waits, not just this one
                    guard.slowDown(service, failure.retryAfter(), failure.message());
                }
                throw e;
            }
        };
        RemoteCall<T> guarded = call instanceof UndoableCall<T> undoable ? UndoableCall.of(permitted, undoable::rollBack) : permitted;
        ErrorCoordinator errors = service.errors();
        if (errors == null) {
            return guarded.call(provider, 1);
        }
        return errors.call(context, guarded).value();
    }

    @Override
    public void progress(int done, int total, String doing) {
        service.progress(pushId, done, total, doing);
    }
}
