package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/**
 * The runs the scheduler executes, from admission to their end: which run may start
 * ({@link Admission}), what users ask of a run, how a run ends; their steps are the
 * {@link StepRunner}'s. Touched only by the scheduler's loop thread; every change goes through
 * the group commit before anything depends on it.
 */
final class ActiveRuns implements StepRunner.Runs {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRuns.class);

    private final WorkflowStore store;
    private final DurationStats stats;
    private final Supplier<EngineSettings> settings;
    private final Clock clock;
    private final RunEvents events;
    private final Admission admission;
    private final GroupCommit commit;
    private final StepRunner steps;
    private final Map<String, ActiveRun> active = new LinkedHashMap<>();
    private long sequence;

    ActiveRuns(WorkflowStore store, RankedRegistry<String, StepHandler> handlers, DurationStats stats,
            Supplier<EngineSettings> settings, Clock clock, ScheduledExecutorService timers, Consumer<Runnable> inbox,
            RunEvents events, Admission admission) {
        this.store = store;
        this.stats = stats;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.admission = admission;
        this.commit = new GroupCommit(store, () -> settings.get().effectTimeoutMillis(), this::unstored);
        this.steps = new StepRunner(store, handlers, stats, settings, clock, timers, inbox, events, commit, this);
    }

    // ---------------------------------------------------------------- admission

    /** Runs found unfinished at start: queued ones queue again, the others resume. */
    void recover(List<RunRecord> unfinished) {
        int resumed = 0;
        for (RunRecord run : unfinished) {
            if (run.state() == RunState.QUEUED) {
                admission.requeued();
                admit(run);
            } else {
                activate(run);
                resumed++;
            }
        }
        if (!unfinished.isEmpty()) {
            LOG.info("Workflow engine resumed {} runs and re-queued {} after a restart", resumed, unfinished.size() - resumed);
        }
    }

    /** A stored, queued run: it executes now if there is room, otherwise it waits its turn. */
    void admit(RunRecord run) {
        if (admission.startNow(run, runningCount(), settings.get().maxRunningRuns())) {
            activate(run);
        }
    }

    /** Starts queued runs while there is room (a run ended or was paused, or the limit was raised). */
    void admitFromQueue() {
        for (RunRecord next; (next = admission.next(runningCount(), settings.get().maxRunningRuns())) != null;) {
            activate(next);
        }
    }

    private int runningCount() {
        int n = 0;
        for (ActiveRun run : active.values()) {
            n += run.state == RunState.RUNNING ? 1 : 0;
        }
        return n;
    }

    private void activate(RunRecord record) {
        ActiveRun run = ActiveRun.of(record, ++sequence, stats);
        if (record.state() == RunState.QUEUED) {
            run.state = RunState.RUNNING;
            run.startedAt = clock.millis();
            persistRun(run, null);
        }
        active.put(run.id, run);
        if (run.allFinal()) {
            stepsDone(run);
            return;
        }
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state == StepState.PENDING && step.unmet == 0) {
                steps.ready(step);
            }
        }
    }

    /** Commits what the last events changed, then starts ready steps while workers are free. */
    void flushAndDispatch() {
        commit.flush();
        steps.dispatch();
    }

    // ---------------------------------------------------------------- handlers

    /** A handler now serves {@code type}. */
    void handlerServes(String type) {
        steps.handlerServes(type);
    }

    /** A handler left; its running attempts fail. */
    void handlerLeft(StepHandler handler) {
        steps.handlerLeft(handler);
    }

    // ---------------------------------------------------------------- run state

    /**
     * Does what a user asked of a run; the run as it is afterwards, or {@code null} for a queued
     * run that was cancelled (it is read back from the store).
     */
    WorkflowRun control(String runId, RunAction action) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            return controlInactive(runId, action);
        }
        switch (action) {
            case PAUSE -> {
                if (run.state != RunState.RUNNING) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a running run can be paused; this one is " + run.state + ".");
                }
                run.state = RunState.PAUSED;
                persistRun(run, null);
                admitFromQueue(); // a paused run does not count against max.running.runs
            }
            case RESUME -> {
                if (run.state != RunState.PAUSED) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a paused run can be resumed; this one is " + run.state + ".");
                }
                run.state = RunState.RUNNING;
                persistRun(run, null);
                run.parked.forEach(steps::ready);
                run.parked.clear();
            }
            case CANCEL -> endRun(run, RunState.CANCELLED, StepState.CANCELLED, null);
        }
        return RunViews.of(run);
    }

    private WorkflowRun controlInactive(String runId, RunAction action) {
        RunRecord queued = admission.find(runId);
        if (queued != null && action == RunAction.CANCEL) {
            admission.remove(queued);
            long now = clock.millis();
            commit.add(new WorkflowStore.OpenSteps(runId, StepState.CANCELLED, now));
            commit.add(new WorkflowStore.RunUpdate(runId, RunState.CANCELLED, null, 0, now, now));
            events.queuedRunCancelled(queued);
            return null;
        }
        if (queued != null) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is queued; it can only be cancelled.");
        }
        try {
            if (store.find(runId) == null) {
                throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No run " + runId + ".");
            }
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
        throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is finished.");
    }

    @Override
    public void requiredStepFailed(ActiveRun run, String error) {
        endRun(run, RunState.FAILED, StepState.SKIPPED, error);
    }

    /** Ends a run before all its steps are done: running attempts are abandoned, the other open steps closed. */
    private void endRun(ActiveRun run, RunState state, StepState openSteps, String error) {
        long now = clock.millis();
        steps.stopSteps(run);
        for (ActiveRun.Step step : run.steps.values()) {
            if (!step.state.isFinal()) {
                step.state = openSteps;
                step.finishedAt = now;
            }
        }
        run.state = state;
        commit.add(new WorkflowStore.OpenSteps(run.id, openSteps, now));
        persistRun(run, error);
        active.remove(run.id);
        admitFromQueue();
    }

    @Override
    public void stepsDone(ActiveRun run) {
        boolean failed = run.steps.values().stream().anyMatch(s -> s.state == StepState.FAILED && !s.plan.optional());
        run.state = failed ? RunState.FAILED : RunState.COMPLETED;
        persistRun(run, failed ? "a required step failed" : null);
        active.remove(run.id);
        admitFromQueue();
    }

    private void persistRun(ActiveRun run, String error) {
        long now = clock.millis();
        commit.add(new WorkflowStore.RunUpdate(run.id, run.state, error, run.startedAt, run.state.isFinal() ? now : 0, now));
        events.run(run, RunViews.progress(run), error);
    }

    /** A write the group commit could not store even alone: a completion that cannot be stored fails its attempt. */
    private void unstored(WorkflowStore.Write write, Exception cause) {
        if (!(write instanceof WorkflowStore.Completion c) || c.state() != StepState.COMPLETED) {
            return;
        }
        ActiveRun run = active.get(c.runId());
        if (run == null) {
            return;
        }
        Failure failure = cause instanceof StepEffects.EffectFailed effect
                ? Failure.of(effect.overran() ? FailureKind.TIMED_OUT : FailureKind.TRANSIENT, effect.getMessage())
                : Failure.of(FailureKind.TRANSIENT, "its result could not be stored: " + cause.getMessage());
        steps.attemptFailed(run.steps.get(c.stepId()), failure);
    }

    // ---------------------------------------------------------------- views

    /** The run while it executes (or is paused), or {@code null}. */
    WorkflowRun view(String runId) {
        ActiveRun run = active.get(runId);
        return run == null ? null : RunViews.of(run);
    }

    /** Runs {@code answer} once what is queued for the store now is committed. */
    void answerAfterCommit(Runnable answer) {
        commit.answerAfterCommit(answer);
    }

    SchedulerLoad load() {
        int paused = 0;
        for (ActiveRun run : active.values()) {
            paused += run.state == RunState.PAUSED ? 1 : 0;
        }
        EngineSettings limits = settings.get();
        List<SchedulerLoad.StuckStep> stuck = steps.stuck();
        return new SchedulerLoad(runningCount(), admission.queued(), paused, steps.busyWorkers(), stuck.size(),
                limits.workerThreads(), limits.maxRunningRuns(), steps.waitingTypes(), stuck);
    }

    /** Interrupts every handler; their runs resume at the next start. */
    void stop() {
        steps.stop();
    }
}
