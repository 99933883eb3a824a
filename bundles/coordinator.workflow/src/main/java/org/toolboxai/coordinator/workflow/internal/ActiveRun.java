package org.toolboxai.coordinator.workflow.internal;

import org.toolboxai.api.failure.Failure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepState;

/** A run the scheduler is executing; touched only by the scheduler's loop thread. */
final class ActiveRun {

    final String id;
    final String template;
    final String owner;
    final Map<String, Object> parameters;
    final long createdAt;
    final long sequence;
    RunState state;
    long startedAt;
    final Map<String, Step> steps = new LinkedHashMap<>();
    /** Ready steps held back while the run is paused. */
    final List<Step> parked = new ArrayList<>();

    ActiveRun(RunRecord record, long sequence) {
        this.id = record.id();
        this.template = record.template();
        this.owner = record.owner();
        this.parameters = record.parameters();
        this.createdAt = record.createdAt();
        this.sequence = sequence;
        this.state = record.state();
        this.startedAt = record.startedAt();
    }

    boolean allFinal() {
        for (Step s : steps.values()) {
            if (!s.state.isFinal()) {
                return false;
            }
        }
        return true;
    }

    /** One step's runtime state. */
    static final class Step {
        final ActiveRun run;
        final PlannedStep plan;
        final int position;
        final List<Step> dependents = new ArrayList<>();
        final List<Step> dependencies = new ArrayList<>();
        StepState state;
        int attempt;
        Map<String, Object> output;
        Failure failure;
        long startedAt;
        long finishedAt;
        int unmet;
        /** Estimated milliseconds from this step's start to the end of the longest path through it. */
        double remainingPathMillis;
        double estimateMillis;
        ExecutionContext context;
        Future<?> execution;
        ScheduledFuture<?> timeout;

        Step(ActiveRun run, StepRecord record, int position) {
            this.run = run;
            this.plan = record.plan();
            this.position = position;
            this.state = record.state();
            this.attempt = record.attempt();
            this.output = record.output();
            this.failure = record.failure();
            this.startedAt = record.startedAt();
            this.finishedAt = record.finishedAt();
        }

        /** Whether dependents may go: completed, or failed/skipped but optional. */
        boolean satisfies() {
            return state == StepState.COMPLETED || (plan.optional() && (state == StepState.FAILED || state == StepState.SKIPPED));
        }
    }
}
