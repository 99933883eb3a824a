package org.toolboxai.api.workflow;

/** Where a run is in its life. */
public enum RunState {
    /** Accepted, waiting for a free execution slot. */
    QUEUED,
    /** Executing steps (or waiting for a step handler to be installed). */
    RUNNING,
    /** Paused by a user: running steps finish, no new ones start. */
    PAUSED,
    /** Every required step completed. */
    COMPLETED,
    /** A required step failed for good. */
    FAILED,
    /** Cancelled by a user. */
    CANCELLED;

    /** Whether the run can change no more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
