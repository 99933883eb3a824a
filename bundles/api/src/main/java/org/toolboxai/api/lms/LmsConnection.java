package org.toolboxai.api.lms;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.error.RemoteCall;

/**
 * A provider's way out, given by the LMS bundle for one push or listing: who asks, their stored
 * credentials, and calls to the LMS under the resource coordinator's limits for the provider's
 * service and the error coordinator's recovery (both when installed).
 */
@ProviderType
public interface LmsConnection {

    /** Who asks (a user or token name). */
    String user();

    /** The user's stored credential of this field for this provider, if any (never log it). */
    Optional<String> credential(String field);

    /**
     * One remote call, named for the limits and reports (e.g. {@code create_quiz}): under a permit
     * for the provider's service, retried, waited out or rolled back (for an
     * {@link org.toolboxai.api.error.UndoableCall}) as the error coordinator decides.
     *
     * @throws Exception the call's failure once nothing recovers it, or a refusal by a rate limit
     */
    <T> T call(String operation, RemoteCall<T> call) throws Exception;

    /** Says how far a push is, for its progress: {@code done} of {@code total} steps, and what is being done. */
    void progress(int done, int total, String doing);
}
