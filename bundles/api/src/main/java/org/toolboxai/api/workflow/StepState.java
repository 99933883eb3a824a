package org.toolboxai.api.workflow;

/** Where a step is in its life. */
public enum StepState {
    /** Waiting for its dependencies (or for a retry). */
    PENDING,
    /** Ready, but no handler of its type is installed. */
    WAITING,
    /** A handler is executing it. */
    RUNNING,
    /** Done; its output is persisted. */
    COMPLETED,
    /** Failed for good. */
    FAILED,
    /** Not executed: an optional dependency failed or the run was cancelled. */
    SKIPPED,
    /** Stopped because the run was cancelled. */
    CANCELLED;

    /** Whether the step can change no more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }
}
