package org.toolboxai.api.error;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.guard.CallContext;

/** The error coordinator, for components that report failures and call remote services. */
@ProviderType
public interface ErrorCoordinator {

    /**
     * Records a failure with its context: classified, grouped by fingerprint, alerted on as the
     * configuration says. A cancellation is not an error and is not recorded.
     */
    ErrorReport report(Throwable failure, CallContext context);

    /**
     * Calls a remote service with recovery. A circuit breaker per service fails fast while the
     * service keeps failing; each failure is reported, and the recovery strategies for its class
     * decide what comes next (retry after a back-off, wait for the quota, call the configured
     * fallback service, or give up), best first by how often each one recovered that class.
     *
     * @throws Exception the last failure when no strategy recovers it (a 401 at once, for instance)
     */
    <T> Recovered<T> call(CallContext context, RemoteCall<T> call) throws Exception;
}
