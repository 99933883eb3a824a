package org.toolboxai.coordinator.workflow.internal;

import java.util.Map;

import org.toolboxai.api.workflow.StepContext;

/** One attempt of one step, as its handler sees it. */
final class ExecutionContext implements StepContext {

    private final String runId;
    private final String stepId;
    private final String owner;
    private final String template;
    private final int attempt;
    private final Map<String, Object> parameters;
    private final Map<String, Object> config;
    private final Map<String, Map<String, Object>> inputs;
    private volatile boolean cancelled;

    ExecutionContext(String runId, String stepId, String owner, String template, int attempt, Map<String, Object> parameters,
            Map<String, Object> config, Map<String, Map<String, Object>> inputs) {
        this.runId = runId;
        this.stepId = stepId;
        this.owner = owner;
        this.template = template;
        this.attempt = attempt;
        this.parameters = parameters;
        this.config = config;
        this.inputs = inputs;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public String template() {
        return template;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Map<String, Map<String, Object>> inputs() {
        return inputs;
    }

    @Override
    public boolean cancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }
}
