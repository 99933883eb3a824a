package org.toolboxai.coordinator.workflow.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowEvents;

/** Posts the scheduler's state changes as {@link WorkflowEvents}: topic and properties, nothing else. */
final class RunEvents {

    private final BiConsumer<String, Map<String, Object>> sink;

    RunEvents(BiConsumer<String, Map<String, Object>> sink) {
        this.sink = sink;
    }

    /** A run entered its current state; {@code error} says why it failed, if it did. */
    void run(ActiveRun run, double progress, String error) {
        post(run.id, run.template, run.owner, run.state, progress, error);
    }

    /** A run another node executes entered {@code state}, as read from the store. */
    void elsewhere(String runId, String template, String owner, RunState state, String error) {
        post(runId, template, owner, state, state == RunState.COMPLETED ? 1.0 : 0.0, error);
    }

    /** A run was cancelled while it still waited in the queue. */
    void queuedRunCancelled(RunRecord run) {
        post(run.id(), run.template(), run.owner(), RunState.CANCELLED, 0.0, null);
    }

    private void post(String id, String template, String owner, RunState state, double progress, String error) {
        Map<String, Object> props = new HashMap<>();
        props.put(WorkflowEvents.RUN_ID, id);
        props.put(WorkflowEvents.TEMPLATE, template);
        if (owner != null) {
            props.put(WorkflowEvents.OWNER, owner);
        }
        props.put(WorkflowEvents.STATE, state.name());
        props.put(WorkflowEvents.PROGRESS, progress);
        if (error != null) {
            props.put(WorkflowEvents.ERROR, error);
        }
        sink.accept(WorkflowEvents.runTopic(state), props);
    }

    /** A step entered its current state. */
    void step(ActiveRun.Step step) {
        Map<String, Object> props = new HashMap<>();
        props.put(WorkflowEvents.RUN_ID, step.run.id);
        props.put(WorkflowEvents.STEP_ID, step.plan.id());
        props.put(WorkflowEvents.TYPE, step.plan.type());
        props.put(WorkflowEvents.STATE, step.state.name());
        props.put(WorkflowEvents.ATTEMPT, step.attempt);
        sink.accept(WorkflowEvents.stepTopic(step.state), props);
    }
}
