package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.toolboxai.api.failure.Failure;
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
    /** The lease version this node claimed the run under; its writes commit only under it. */
    long lease = WorkflowStore.UNFENCED;
    /** Which of this node's claims brought the run here (see {@code ActiveRuns.checkHeld}). */
    long claim;
    final Map<String, Step> steps = new LinkedHashMap<>();
    /** Ready steps held back while the run is paused. */
    final List<Step> parked = new ArrayList<>();
    /** Steps of a failed branch that were still open in the store when the run was loaded. */
    final List<Step> skippedOnLoad = new ArrayList<>();

    /**
     * The run of a stored record, ready to execute: its steps linked to their dependencies, with
     * estimates; steps that were in flight when the engine stopped are pending again.
     */
    static ActiveRun of(RunRecord record, long sequence, DurationStats stats) {
        ActiveRun run = new ActiveRun(record, sequence);
        int position = 0;
        for (StepRecord s : record.steps()) {
            Step step = new Step(run, s, position++);
            if (step.state == StepState.RUNNING || step.state == StepState.WAITING) {
                step.state = StepState.PENDING;
            }
            step.estimateMillis = stats.estimate(step.plan.templateStep());
            run.steps.put(step.plan.id(), step);
        }
        // a branch that failed before the engine stopped: what was left of it is skipped (and written so by the claim)
        java.util.Set<String> failedBranches = new java.util.HashSet<>();
        run.steps.values().stream().filter(s -> s.state == StepState.FAILED && s.branch() != null && !s.plan.optional())
                .forEach(s -> failedBranches.add(s.branch()));
        for (Step step : run.steps.values()) {
            if (!step.state.isFinal() && failedBranches.contains(step.branch())) {
                step.state = StepState.SKIPPED;
                run.skippedOnLoad.add(step);
            }
        }
        for (Step step : run.steps.values()) {
            for (String dep : step.plan.dependsOn()) {
                Step d = run.steps.get(dep);
                d.dependents.add(step);
                step.dependencies.add(d);
                if (!d.satisfies()) {
                    step.unmet++;
                }
            }
        }
        List<Step> order = new ArrayList<>(run.steps.values());
        // plan order is topological (a step's dependencies come before it), so walk it backwards
        for (int i = order.size() - 1; i >= 0; i--) {
            Step step = order.get(i);
            double longest = 0;
            for (Step d : step.dependents) {
                longest = Math.max(longest, d.remainingPathMillis);
            }
            step.remainingPathMillis = step.estimateMillis + longest;
        }
        return run;
    }

    private ActiveRun(RunRecord record, long sequence) {
        this.id = record.id();
        this.template = record.template();
        this.owner = record.owner();
        this.parameters = record.parameters();
        this.createdAt = record.createdAt();
        this.sequence = sequence;
        this.state = record.state();
        this.startedAt = record.startedAt();
    }

    /** Whether a step's part of the run is over and the run goes on: completed, or failed/skipped but optional (or in a branch). */
    static boolean workDone(StepState state, boolean optional) {
        return state == StepState.COMPLETED || (optional && (state == StepState.FAILED || state == StepState.SKIPPED));
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
        /** The attempt on a handler's thread while the step is running. */
        StepWorkers.Attempt current;

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

        /** Whether dependents may go: its work is done. */
        boolean satisfies() {
            return workDone(state, plan.optional() || branch() != null);
        }

        /** The optional sub-flow instance this step belongs to, or {@code null}. */
        String branch() {
            return plan.config().get(RunPlanner.BRANCH) instanceof String b ? b : null;
        }
    }
}
