package org.toolboxai.coordinator.workflow.internal;

/** What a user may ask of a run that is not finished. */
enum RunAction {
    /** No new steps start; running ones finish. */
    PAUSE,
    /** A paused run goes on. */
    RESUME,
    /** Running steps are asked to stop; the run ends. */
    CANCEL
}
