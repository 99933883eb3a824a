package org.toolboxai.coordinator.workflow.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepFailure;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowRun;

/** Turns runs into the API's records, with progress and ETA from the duration statistics. */
final class RunViews {

    private RunViews() {
    }

    static WorkflowRun of(ActiveRun run) {
        List<StepView> steps = new ArrayList<>();
        TreeSet<String> waitingFor = new TreeSet<>();
        for (ActiveRun.Step s : run.steps.values()) {
            steps.add(new StepView(s.plan.id(), s.plan.type(), s.state, s.plan.dependsOn(), s.plan.optional(), s.attempt,
                    s.output, error(s.attempt, s.failure), instant(s.startedAt), instant(s.finishedAt),
                    stepFailure(s.plan.id(), s.attempt, s.failure)));
            if (s.state == StepState.WAITING) {
                waitingFor.add(s.plan.type());
            }
        }
        Long eta = run.state == RunState.RUNNING && waitingFor.isEmpty() ? eta(run) : null;
        return new WorkflowRun(run.id, run.template, run.owner, run.state, run.parameters, progress(run),
                eta, List.copyOf(waitingFor), null, instant(run.createdAt), instant(run.startedAt), null, steps,
                runFailure(steps));
    }

    static WorkflowRun of(RunRecord run, DurationStats stats) {
        List<StepView> steps = new ArrayList<>();
        double done = 0;
        double total = 0;
        List<StepRecord> records = run.steps();
        for (int i = records.size() - 1; i >= 0; i--) {
            StepRecord s = records.get(i);
            double estimate = stats.estimate(s.plan().templateStep());
            total += estimate;
            if (ActiveRun.workDone(s.state(), s.plan().optional())) {
                done += estimate;
            }
        }
        for (StepRecord s : records) {
            steps.add(new StepView(s.plan().id(), s.plan().type(), s.state(), s.plan().dependsOn(), s.plan().optional(),
                    s.attempt(), s.output(), error(s.attempt(), s.failure()), instant(s.startedAt()),
                    instant(s.finishedAt()), stepFailure(s.plan().id(), s.attempt(), s.failure())));
        }
        double progress = run.state() == RunState.COMPLETED ? 100 : percent(done, total);
        Long eta = run.state().isFinal() || run.state() == RunState.PAUSED ? null
                : (long) Math.ceil(sumRemaining(records, stats) / 1000);
        return new WorkflowRun(run.id(), run.template(), run.owner(), run.state(), run.parameters(), progress, eta,
                List.of(), run.error(), instant(run.createdAt()), instant(run.startedAt()), instant(run.finishedAt()), steps,
                runFailure(steps));
    }

    /** The human-readable line: which attempt, what happened. */
    static String error(int attempt, Failure failure) {
        return failure == null ? null : "attempt " + attempt + ": " + failure.message();
    }

    private static StepFailure stepFailure(String stepId, int attempt, Failure failure) {
        return failure == null ? null : new StepFailure(stepId, failure.kind(), failure.message(),
                failure.retryAfter() == null ? null : (long) Math.ceil(failure.retryAfter().toMillis() / 1000.0), attempt);
    }

    /** The failure of the required step that failed the run. */
    private static StepFailure runFailure(List<StepView> steps) {
        return steps.stream().filter(s -> s.state() == StepState.FAILED && !s.optional() && s.failure() != null)
                .map(StepView::failure).findFirst().orElse(null);
    }

    /**
     * Percent of the estimated work done: only steps whose work is done count (a cancelled,
     * skipped or waiting step is not).
     */
    static double progress(ActiveRun run) {
        double done = 0;
        double total = 0;
        for (ActiveRun.Step s : run.steps.values()) {
            total += s.estimateMillis;
            if (s.satisfies()) {
                done += s.estimateMillis;
            }
        }
        return percent(done, total);
    }

    /**
     * Seconds left along the longest remaining path (what runs in parallel does not add up); only
     * for a running run that waits for no missing handler, as nothing else can be estimated.
     */
    private static Long eta(ActiveRun run) {
        double longest = 0;
        for (ActiveRun.Step s : run.steps.values()) {
            if (!s.state.isFinal()) {
                double left = s.remainingPathMillis;
                if (s.state == StepState.RUNNING && s.startedAt > 0) {
                    left -= Math.min(s.estimateMillis, System.currentTimeMillis() - s.startedAt);
                }
                longest = Math.max(longest, left);
            }
        }
        return (long) Math.ceil(longest / 1000);
    }

    private static double sumRemaining(List<StepRecord> steps, DurationStats stats) {
        double sum = 0;
        for (StepRecord s : steps) {
            if (!s.state().isFinal()) {
                sum += stats.estimate(s.plan().templateStep());
            }
        }
        return sum;
    }

    private static double percent(double done, double total) {
        return total == 0 ? 0 : Math.round(1000 * done / total) / 10.0;
    }

    private static Instant instant(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis);
    }
}
