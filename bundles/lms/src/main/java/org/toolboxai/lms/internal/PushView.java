package org.toolboxai.lms.internal;

import java.time.Instant;
import java.util.List;

import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsTarget;

/**
 * A push as the API shows it.
 *
 * @param id          the push
 * @param provider    the LMS
 * @param contentId   the lesson's content id or the course id
 * @param kind        {@code lesson} or {@code course}
 * @param target      where in the LMS
 * @param owner       who pushed
 * @param state       {@code queued}, {@code running}, {@code completed} or {@code failed}
 * @param progress    how far it is
 * @param objects     what it made, updated or left in the LMS (once completed)
 * @param issues      what the teacher should know
 * @param error       why it failed, or {@code null}
 * @param failureKind the failure's kind (e.g. {@code AUTHENTICATION}), or {@code null}
 * @param createdAt   when it was asked for
 * @param updatedAt   its last change
 */
public record PushView(String id, String provider, String contentId, String kind, LmsTarget target, String owner, String state,
        Progress progress, List<LmsObject> objects, List<LmsIssue> issues, String error, String failureKind, Instant createdAt,
        Instant updatedAt) {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    /**
     * How far a push is.
     *
     * @param done  steps done
     * @param total steps in all (0 until the provider says)
     * @param doing what it is doing now
     */
    public record Progress(int done, int total, String doing) {
    }

    /** Whether it ended. */
    public boolean ended() {
        return state.equals(COMPLETED) || state.equals(FAILED);
    }
}
