package org.toolboxai.api.workflow;

/**
 * The EventAdmin contract of the workflow engine: every state change of a run is posted on
 * {@code org/toolboxai/workflow/run/<RunState>}, every state change of a step on
 * {@code org/toolboxai/workflow/step/<StepState>}, with the properties named here. Subscribe to
 * {@link #ALL_TOPICS} for both.
 *
 * @since 2.0.0
 */
public final class WorkflowEvents {

    /** Topics of run events; the run's new state follows, e.g. {@code org/toolboxai/workflow/run/COMPLETED}. */
    public static final String RUN_TOPIC_PREFIX = "org/toolboxai/workflow/run/";
    /** Topics of step events; the step's new state follows, e.g. {@code org/toolboxai/workflow/step/WAITING}. */
    public static final String STEP_TOPIC_PREFIX = "org/toolboxai/workflow/step/";
    /** Every run and step event (an {@code event.topics} filter). */
    public static final String ALL_TOPICS = "org/toolboxai/workflow/*";

    /** The run's id (run and step events). */
    public static final String RUN_ID = "run_id";
    /** The new state's name (run and step events). */
    public static final String STATE = "state";
    /** The run's template (run events). */
    public static final String TEMPLATE = "template";
    /** Who created the run (run events). */
    public static final String OWNER = "owner";
    /** Percent of the run's estimated work done, a {@code Double} (run events). */
    public static final String PROGRESS = "progress";
    /** Why the run failed (run events of a failed run). */
    public static final String ERROR = "error";
    /** The step's id in the run (step events). */
    public static final String STEP_ID = "step_id";
    /** The step's handler type (step events). */
    public static final String TYPE = "type";
    /** The step's attempt, an {@code Integer}: 1 for the first (step events). */
    public static final String ATTEMPT = "attempt";

    private WorkflowEvents() {
    }

    /** The topic of a run entering {@code state}. */
    public static String runTopic(RunState state) {
        return RUN_TOPIC_PREFIX + state.name();
    }

    /** The topic of a step entering {@code state}. */
    public static String stepTopic(StepState state) {
        return STEP_TOPIC_PREFIX + state.name();
    }
}
