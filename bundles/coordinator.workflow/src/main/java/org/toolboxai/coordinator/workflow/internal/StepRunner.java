package org.toolboxai.coordinator.workflow.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepState;

/**
 * Executes the steps of active runs: the ready step on the longest remaining path starts first,
 * on {@link StepWorkers}; a step whose type no handler serves waits for one; an attempt's outcome
 * completes the step, retries it with back-off, or fails it, and a done step releases its
 * dependents. What ends a run is the run level's business ({@link Runs}). Touched only by the
 * scheduler's loop thread; every change goes through the group commit before anything depends on it.
 */
final class StepRunner implements StepWorkers.Listener {

    /** The run level, told when a run's steps are over. */
    interface Runs {

        /** Every step of the run is final. */
        void stepsDone(ActiveRun run);

        /** A required step failed for good. */
        void requiredStepFailed(ActiveRun run, String error);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final WorkflowStore store;
    private final RankedRegistry<String, StepHandler> handlers;
    private final DurationStats stats;
    private final Supplier<EngineSettings> settings;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> inbox;
    private final RunEvents events;
    private final GroupCommit commit;
    private final Runs runs;
    private final StepWorkers workers;

    private final PriorityQueue<ActiveRun.Step> ready = new PriorityQueue<>(Comparator
            .comparingDouble((ActiveRun.Step s) -> -s.remainingPathMillis)
            .thenComparingLong(s -> s.run.sequence)
            .thenComparingInt(s -> s.position));
    /** Steps that found no handler of their type, by type. */
    private final Map<String, List<ActiveRun.Step>> waiting = new HashMap<>();

    StepRunner(WorkflowStore store, RankedRegistry<String, StepHandler> handlers, DurationStats stats,
            Supplier<EngineSettings> settings, Clock clock, ScheduledExecutorService timers, Consumer<Runnable> inbox,
            RunEvents events, GroupCommit commit, Runs runs) {
        this.store = store;
        this.handlers = handlers;
        this.stats = stats;
        this.settings = settings;
        this.clock = clock;
        this.timers = timers;
        this.inbox = inbox;
        this.events = events;
        this.commit = commit;
        this.runs = runs;
        this.workers = new StepWorkers(timers, inbox, this, clock);
    }

    /** Where handler faults (untyped exceptions) are reported: the error coordinator, when installed. */
    void failureReporter(StepWorkers.FailureReporter reporter) {
        workers.reporter(reporter);
    }

    /** A step whose dependencies are done (or a paused run's steps, resumed). */
    void ready(ActiveRun.Step step) {
        ready.add(step);
    }

    /** Starts ready steps while workers are free. */
    void dispatch() {
        EngineSettings limits = settings.get();
        while (!ready.isEmpty() && workers.mayStart(limits)) {
            ActiveRun.Step step = ready.poll();
            ActiveRun run = step.run;
            if (run.state.isFinal() || step.state != StepState.PENDING) {
                continue;
            }
            if (run.state == RunState.PAUSED) {
                run.parked.add(step);
                continue;
            }
            StepHandler handler = handlers.get(step.plan.type()).orElse(null);
            if (handler == null) {
                step.state = StepState.WAITING;
                waiting.computeIfAbsent(step.plan.type(), t -> new ArrayList<>()).add(step);
                events.step(step);
                continue;
            }
            start(step, handler);
        }
    }

    private void start(ActiveRun.Step step, StepHandler handler) {
        Map<String, Map<String, Object>> inputs = new LinkedHashMap<>();
        for (ActiveRun.Step d : step.dependencies) {
            if (d.output != null) {
                inputs.put(d.plan.id(), d.output);
            }
        }
        step.attempt++;
        step.state = StepState.RUNNING;
        step.startedAt = clock.millis();
        ExecutionContext context = new ExecutionContext(step.run.id, step.plan.id(), step.run.owner, step.run.template, step.attempt,
                step.run.parameters, step.plan.config(), inputs);
        step.current = new StepWorkers.Attempt(step, handler, context, step.plan.timeoutMillis());
        // in the next group commit, without waiting for it: a restart knows the attempt was made
        commit.add(new WorkflowStore.Completion(step.run.id, step.plan.id(), StepState.RUNNING, step.attempt, null,
                step.failure, step.startedAt, 0, List.of()));
        if (workers.start(step.current)) {
            events.step(step);
        }
    }

    // ---------------------------------------------------------------- outcomes

    @Override
    public void returned(StepWorkers.Attempt attempt, StepWorkers.Outcome outcome) {
        if (attempt.step.current != attempt) {
            return;
        }
        attempt.step.current = null; // the outcome is taken; nothing of the handler is kept
        if (outcome instanceof StepWorkers.Succeeded done) {
            succeeded(attempt.step, done);
        } else if (outcome instanceof StepWorkers.Failed failed) {
            attemptFailed(attempt.step, failed.failure());
        }
    }

    @Override
    public void timedOut(StepWorkers.Attempt attempt) {
        workers.abandon(attempt);
        attempt.step.current = null;
        attemptFailed(attempt.step, Failure.of(FailureKind.TIMED_OUT, "timed out after " + attempt.timeoutMillis + " ms"));
    }

    /** A handler no longer serves its type: its running attempts are abandoned and fail as transient. */
    void handlerLeft(StepHandler handler) {
        for (StepWorkers.Attempt attempt : workers.active()) {
            if (attempt.handler == handler) {
                workers.abandon(attempt);
                attempt.step.current = null;
                attemptFailed(attempt.step, Failure.of(FailureKind.TRANSIENT,
                        "its handler left while it ran (the bundle providing it stopped or was updated)"));
            }
        }
    }

    /** A handler now serves {@code type}: the steps waiting for it become ready. */
    void handlerServes(String type) {
        List<ActiveRun.Step> resumed = waiting.remove(type);
        if (resumed == null) {
            return;
        }
        for (ActiveRun.Step step : resumed) {
            if (step.state == StepState.WAITING && !step.run.state.isFinal()) {
                step.state = StepState.PENDING;
                ready.add(step);
            }
        }
    }

    private void succeeded(ActiveRun.Step step, StepWorkers.Succeeded done) {
        if (step.run.state.isFinal() || step.state != StepState.RUNNING) {
            return;
        }
        StepResult result = done.result();
        // the output must be JSON before it counts as done
        try {
            store.write(result.output());
        } catch (IllegalArgumentException e) {
            attemptFailed(step, Failure.of(FailureKind.INVALID_OUTPUT, "the handler's output is not JSON: " + e.getMessage()));
            return;
        }
        long now = clock.millis();
        commit.add(new WorkflowStore.Completion(step.run.id, step.plan.id(), StepState.COMPLETED, step.attempt,
                result.output(), null, step.startedAt, now, result.effects()), () -> {
                    if (step.state != StepState.RUNNING || step.run.state.isFinal()) {
                        return; // skipped (its branch failed) or the run ended while this was being written
                    }
                    step.state = StepState.COMPLETED;
                    step.output = result.output();
                    step.failure = null;
                    step.finishedAt = now;
                    stats.record(step.plan.templateStep(), done.millis());
                    events.step(step);
                    release(step);
                });
    }

    /**
     * An attempt failed: retried with back-off when its kind allows and retries are left (a rate
     * limit's retry-after is waited out at least), otherwise the step fails.
     */
    void attemptFailed(ActiveRun.Step step, Failure failure) {
        ActiveRun run = step.run;
        if (run.state.isFinal() || step.state != StepState.RUNNING) {
            return;
        }
        long now = clock.millis();
        boolean retry = failure.kind().retryable() && step.attempt <= step.plan.retries();
        StepState next = retry ? StepState.PENDING : StepState.FAILED;
        commit.add(new WorkflowStore.Completion(run.id, step.plan.id(), next, step.attempt, null, failure,
                step.startedAt, retry ? 0 : now, List.of()), () -> {
                    if (step.state != StepState.RUNNING || run.state.isFinal()) {
                        return; // skipped (its branch failed) or the run ended while this was being written
                    }
                    step.state = next;
                    step.failure = failure;
                    if (!retry) {
                        step.finishedAt = now;
                    }
                    events.step(step);
                    if (retry) {
                        retryLater(step, failure);
                    } else if (step.plan.optional()) {
                        release(step);
                    } else if (step.branch() != null && !run.state.isFinal()) {
                        branchFailed(step);
                    } else if (!run.state.isFinal()) {
                        runs.requiredStepFailed(run, "step " + step.plan.id() + " failed: " + RunViews.error(step.attempt, failure));
                    }
                });
    }

    /**
     * A step of a branch failed for good: the rest of its branch is skipped (running attempts are
     * asked to stop and their outcomes ignored), and the run goes on with its other branches.
     */
    private void branchFailed(ActiveRun.Step failed) {
        ActiveRun run = failed.run;
        String branch = failed.branch();
        long now = clock.millis();
        List<ActiveRun.Step> skipped = new ArrayList<>();
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state.isFinal() || !branch.equals(step.branch())) {
                continue;
            }
            if (step.state == StepState.RUNNING && step.current != null) {
                // asked to stop, never interrupted: an interrupt in the middle of a database write
                // closes H2's file for every bundle (seen: "The database has been closed"). The
                // thread finishes on its own and its outcome is ignored (current no longer matches).
                step.current.context.cancel();
                step.current = null;
            }
            List<ActiveRun.Step> others = step.state == StepState.WAITING ? waiting.get(step.plan.type()) : null;
            if (others != null && others.remove(step) && others.isEmpty()) {
                waiting.remove(step.plan.type());
            }
            step.state = StepState.SKIPPED;
            step.finishedAt = now;
            commit.add(new WorkflowStore.Completion(run.id, step.plan.id(), StepState.SKIPPED, step.attempt, null, null,
                    step.startedAt, now, List.of()));
            events.step(step);
            skipped.add(step);
        }
        LOG.info("Branch {} of run {} failed at step {}; {} of its steps skipped, the run goes on", branch, run.id,
                failed.plan.id(), skipped.size());
        release(failed);
        skipped.forEach(this::release);
    }

    /** Steps of a failed branch the store still had open when the run was loaded: written as skipped. */
    void skippedOnLoad(ActiveRun run) {
        long now = clock.millis();
        for (ActiveRun.Step step : run.skippedOnLoad) {
            step.finishedAt = now;
            commit.add(new WorkflowStore.Completion(run.id, step.plan.id(), StepState.SKIPPED, step.attempt, null, null,
                    step.startedAt, now, List.of()));
        }
        run.skippedOnLoad.clear();
    }

    private void retryLater(ActiveRun.Step step, Failure failure) {
        long delay = Math.max(settings.get().backoffMillis(step.attempt),
                failure.retryAfter() == null ? 0 : failure.retryAfter().toMillis());
        LOG.debug("Step {} of run {} failed ({} {}); retrying in {} ms", step.plan.id(), step.run.id, failure.kind(),
                failure.message(), delay);
        timers.schedule(() -> inbox.accept(() -> {
            if (!step.run.state.isFinal() && step.state == StepState.PENDING) {
                ready.add(step);
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    /** A step is done (or failed but optional): its dependents may become ready. */
    private void release(ActiveRun.Step step) {
        for (ActiveRun.Step d : step.dependents) {
            d.unmet--;
            if (d.unmet == 0 && d.state == StepState.PENDING) {
                ready.add(d);
            }
        }
        if (step.run.allFinal() && !step.run.state.isFinal()) {
            runs.stepsDone(step.run);
        }
    }

    /** The run ends before its steps are done: its running attempts are abandoned, its waiting steps wait no more. */
    void stopSteps(ActiveRun run) {
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state == StepState.RUNNING && step.current != null) {
                workers.abandon(step.current);
            }
            List<ActiveRun.Step> others = step.state == StepState.WAITING ? waiting.get(step.plan.type()) : null;
            if (others != null && others.remove(step) && others.isEmpty()) {
                waiting.remove(step.plan.type());
            }
        }
    }

    // ---------------------------------------------------------------- load

    /** Step types some run waits for, sorted. */
    List<String> waitingTypes() {
        return List.copyOf(new TreeSet<>(waiting.keySet()));
    }

    int busyWorkers() {
        return workers.busy();
    }

    List<SchedulerLoad.StuckStep> stuck() {
        return workers.stuck();
    }

    /** Interrupts every handler; their runs resume at the next start. */
    void stop() {
        workers.shutdown();
    }

    /** After {@link #stop()}: whether every handler returned within {@code millis}. */
    boolean awaitStopped(long millis) {
        return workers.awaitStopped(millis);
    }
}
