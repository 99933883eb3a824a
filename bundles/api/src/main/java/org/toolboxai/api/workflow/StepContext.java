package org.toolboxai.api.workflow;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** What a step handler knows about the step it executes. */
@ProviderType
public interface StepContext {

    /** The run's id. */
    String runId();

    /** The step's id in the run, e.g. {@code quiz_creation} or {@code lesson_2.quiz_creation}. */
    String stepId();

    /** Who created the run (a user or token name): for records kept per user. @since 1.2.0 */
    String owner();

    /** The template the run was created from. */
    String template();

    /** 1 for the first attempt, 2 for the first retry ... */
    int attempt();

    /** The run's parameters, validated, with defaults applied. */
    Map<String, Object> parameters();

    /** The step's configuration from the template (for sub-flows: lesson index, difficulty ...). */
    Map<String, Object> config();

    /** The outputs of the steps this one depends on, by step id. */
    Map<String, Map<String, Object>> inputs();

    /** Whether the step was cancelled or timed out: stop as soon as possible. */
    boolean cancelled();

    /** Stable across retries and restarts: {@code runId/stepId}. */
    default String idempotencyKey() {
        return runId() + "/" + stepId();
    }
}
