package org.toolboxai.api.workflow;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Executes the steps of one type. Register as an OSGi service; the workflow engine finds it by
 * {@link #type()}. Runs whose steps need a type nobody provides wait, visibly, until a bundle
 * providing it is installed. A handler may be re-run after a crash for a step that was in flight:
 * side effects outside the store should be idempotent on {@link StepContext#idempotencyKey()};
 * side effects in the store can be made exactly-once with {@link StepResult#withEffect}.
 */
@ConsumerType
public interface StepHandler {

    /** The step type handled, e.g. {@code agent.curriculum}. */
    String type();

    /**
     * Executes one attempt of a step. Return its output; throw to fail the attempt (it is retried
     * as the template says). Long work should check {@link StepContext#cancelled()}.
     */
    StepResult execute(StepContext context) throws Exception;
}
