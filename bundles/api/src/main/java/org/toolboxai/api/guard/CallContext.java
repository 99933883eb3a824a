package org.toolboxai.api.guard;

import java.util.Objects;

/**
 * One call to a remote service and who makes it: what the resource coordinator limits and records,
 * and what the error coordinator reports a failure with.
 *
 * @param component the calling component, e.g. {@code agents}
 * @param operation what the call does, e.g. {@code quiz} (a model task) or {@code push}
 * @param service   the remote service as configured for limits, e.g. {@code openai}, {@code canvas}
 * @param user      who asked for the work (a user or token name); {@code system} when nobody did
 * @param runId     the workflow run, or {@code null}
 * @param stepId    the step in the run, or {@code null}
 * @param requestId the HTTP request, or {@code null}
 */
public record CallContext(String component, String operation, String service, String user, String runId, String stepId,
        String requestId) {

    /** Who asked when nobody did. */
    public static final String SYSTEM = "system";

    /** Component, operation and service are needed; no user is {@link #SYSTEM}. */
    public CallContext {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(service, "service");
        user = user == null || user.isBlank() ? SYSTEM : user;
    }

    /** The same call to another service (a fallback). */
    public CallContext withService(String other) {
        return new CallContext(component, operation, other, user, runId, stepId, requestId);
    }
}
