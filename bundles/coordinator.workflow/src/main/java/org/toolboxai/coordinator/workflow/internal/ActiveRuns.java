package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The runs this node executes, from their claim to their end: which runs it takes from the store
 * (queued ones while fewer than {@code max.running.runs} execute on all nodes, and those of nodes
 * that died), what users ask of a run, how a run ends; their steps are the {@link StepRunner}'s.
 * Touched only by the scheduler's loop thread; every change goes through the group commit, fenced
 * by the run's lease, before anything depends on it.
 */
final class ActiveRuns implements StepRunner.Runs, GroupCommit.Claimer {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveRuns.class);

    private final WorkflowStore store;
    private final DurationStats stats;
    private final Supplier<EngineSettings> settings;
    private final Clock clock;
    private final RunEvents events;
    private final Admission admission;
    private final java.util.function.BooleanSupplier leaseSure;
    private final GroupCommit commit;
    private final StepRunner steps;
    private final Map<String, ActiveRun> active = new LinkedHashMap<>();
    private final List<Runnable> afterClaim = new ArrayList<>();
    /**
     * Runs created here and not yet claimed here, so a claim need not read them back; the oldest
     * are forgotten beyond {@value #CREATED_HERE} (cancelled while queued, or claimed by another
     * node), and a claim reads those from the store. Loop thread only.
     */
    private final Map<String, RunRecord> createdHere = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunRecord> eldest) {
            return size() > CREATED_HERE;
        }
    };
    private static final int CREATED_HERE = 2000;
    /** Runs created (or lost) here that another node may execute, by id: their state as last posted here. */
    private final Map<String, Watched> watched = new java.util.concurrent.ConcurrentHashMap<>();
    private long sequence;
    /** Whether the next claim also takes this node's own runs (at start, and after it gave up its runs). */
    private boolean claimOwn = true;
    private boolean claimWanted = true;
    /** Runs held by this node in the store but not executing here, at the last heartbeat. */
    private Set<String> idleHeld = Set.of();
    /** Whether the next claim looks for runs of dead nodes too (at start, and when the poll saw some). */
    private boolean orphansWanted = true;
    /** Claims made so far; read by the heartbeat thread before it looks at what this node holds. */
    private volatile long claims;
    /** Runs executing (not paused) here, for the heartbeat. */
    private volatile int runningHere;
    /** Step attempts executing here, for the heartbeat. */
    private volatile int busyHere;

    ActiveRuns(WorkflowStore store, RankedRegistry<String, StepHandler> handlers, DurationStats stats,
            Supplier<EngineSettings> settings, Clock clock, ScheduledExecutorService timers, Consumer<Runnable> inbox,
            RunEvents events, Admission admission, java.util.function.BooleanSupplier leaseSure) {
        this.leaseSure = leaseSure;
        this.store = store;
        this.stats = stats;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.admission = admission;
        this.commit = new GroupCommit(store, () -> settings.get().effectTimeoutMillis(), this::leaseOf, this::unstored, this::lost, this);
        this.steps = new StepRunner(store, handlers, stats, settings, clock, timers, inbox, events, commit, this);
    }

    /** Where handler faults are reported. */
    void failureReporter(StepWorkers.FailureReporter reporter) {
        steps.failureReporter(reporter);
    }

    // ---------------------------------------------------------------- claims

    /** A run was stored on this node: the next claim takes it if there is room. */
    void stored(RunRecord run) {
        claimWanted = true;
        createdHere.put(run.id(), run);
    }

    /** Something may be claimable (room freed, limits raised, another node's run queued). */
    void wantClaim() {
        claimWanted = true;
    }

    /** A node may have died, or stopped: the next claim looks for its runs. */
    void wantOrphans() {
        claimWanted = true;
        orphansWanted = true;
    }

    /** A run another node may execute, whose state changes are posted here too (read from the store). */
    record Watched(String template, String owner, RunState seen) {
    }

    /** Posts the run's state changes here even if another node executes it, until it ends (any thread). */
    void watch(String runId, String template, String owner, RunState seen) {
        watched.put(runId, new Watched(template, owner, seen));
    }

    /** The runs watched (any thread); the map may be changed by the caller. */
    Map<String, Watched> watched() {
        return watched;
    }

    /** Runs {@code then} after the next claim (at once when none is due), once it is committed. */
    void afterClaim(Runnable then) {
        afterClaim.add(then);
    }

    /**
     * Takes runs from the store: queued ones while there is room, and runs whose node stopped or
     * went silent for longer than the lease (their steps that were running run again here).
     */
    private void claim() {
        WorkflowStore.ClaimRequest request = take();
        if (request == null) {
            return;
        }
        try {
            claimed(store.claim(request));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cannot claim runs from the store ({}); trying again at the next event or poll", e.toString());
            notMade();
        }
    }

    @Override
    public WorkflowStore.ClaimRequest take() {
        if (!claimWanted) {
            return null;
        }
        claimWanted = false;
        EngineSettings limits = settings.get();
        int room = Math.max(0, limits.maxRunningRuns() - runningCount());
        if (room == 0 && !orphansWanted) {
            return null; // max.running.runs holds across nodes, so none can start here: no need to ask the store
        }
        long now = clock.millis();
        return new WorkflowStore.ClaimRequest(now, now - limits.leaseMillis(), orphansWanted, claimOwn, limits.maxRunningRuns(),
                room, createdHere::get);
    }

    @Override
    public void notMade() {
        claimWanted = true;
    }

    @Override
    public void claimed(WorkflowStore.Claims claimed) {
        if (claimed.orphansFull()) {
            claimWanted = true; // more runs to take over than one claim takes: the next claim goes on
        } else {
            orphansWanted = false;
            claimOwn = false;
        }
        claims++;
        if (claimed.queued() >= 0) {
            admission.counted(claimed.queued());
        }
        int resumed = 0;
        for (WorkflowStore.Claimed run : claimed.runs()) {
            resumed += run.started() ? 0 : 1;
            activate(run);
        }
        if (resumed > 0) {
            LOG.info("Workflow engine took over {} unfinished runs (after a restart, or from a node that stopped)", resumed);
        }
    }

    private int runningCount() {
        int n = 0;
        for (ActiveRun run : active.values()) {
            n += run.state == RunState.RUNNING ? 1 : 0;
        }
        return n;
    }

    private long leaseOf(String runId) {
        ActiveRun run = active.get(runId);
        return run == null ? WorkflowStore.UNFENCED : run.lease;
    }

    private void activate(WorkflowStore.Claimed claimed) {
        RunRecord record = claimed.run();
        ActiveRun run = ActiveRun.of(record, ++sequence, stats);
        watched.remove(run.id); // its events are posted here as it executes
        createdHere.remove(run.id);
        run.lease = claimed.lease();
        run.claim = claims;
        ActiveRun earlier = active.put(run.id, run);
        if (earlier != null) {
            steps.stopSteps(earlier);
        }
        if (claimed.started()) {
            persistRun(run, null); // it was queued: the run starts now
        }
        steps.skippedOnLoad(run);
        if (run.allFinal()) {
            stepsDone(run);
            return;
        }
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state == StepState.PENDING && step.unmet == 0) {
                steps.ready(step);
            }
        }
        if (claimed.control() != null) {
            controlAsked(run.id, claimed.control());
        }
    }

    /**
     * The group commit left out writes of runs this node no longer holds: another node claimed them
     * (this node's heartbeat was late). Work on them stops here without another write.
     */
    void lost(Set<String> runIds) {
        for (String id : runIds) {
            ActiveRun run = active.remove(id);
            if (run != null) {
                LOG.warn("Run {} was taken over by another node; this node stops working on it", id);
                watched.put(id, new Watched(run.template, run.owner, run.state));
                steps.stopSteps(run);
                for (ActiveRun.Step step : run.steps.values()) {
                    if (!step.state.isFinal()) {
                        step.state = StepState.CANCELLED; // nothing of it runs here any more
                    }
                }
                run.state = RunState.CANCELLED;
            }
        }
        claimWanted = true;
    }

    /**
     * The heartbeat thread read the lease versions this node holds ({@code held}) after claim
     * number {@code claimsBefore}: a run claimed by then that is not held at its version any more
     * was taken over by another node.
     */
    void checkHeld(Map<String, Long> held, long claimsBefore) {
        Set<String> gone = new java.util.HashSet<>();
        for (ActiveRun run : active.values()) {
            if (run.claim <= claimsBefore && !Long.valueOf(run.lease).equals(held.get(run.id))) {
                gone.add(run.id);
            }
        }
        if (!gone.isEmpty()) {
            lost(gone);
        }
        // runs the store says are this node's but that do not execute here (a claim that failed,
        // or that was cut short): seen so at two heartbeats in a row (a run that just ended here
        // is stored as ended by the next), they are claimed back
        Set<String> idle = new java.util.HashSet<>(held.keySet());
        idle.removeAll(active.keySet());
        Set<String> idleBefore = idleHeld;
        idleHeld = Set.copyOf(idle);
        idle.retainAll(idleBefore);
        if (!idle.isEmpty()) {
            LOG.warn("{} runs of this node did not execute here; claiming them back", idle.size());
            claimOwn = true;
            orphansWanted = true;
            claimWanted = true;
            idleHeld = Set.of();
        }
    }

    /**
     * This node could not heartbeat for longer than its lease: other nodes may have taken its runs,
     * so it stops working on all of them; it claims back what is still its own once the store answers.
     */
    void giveUpAll() {
        if (active.isEmpty()) {
            return;
        }
        LOG.error("This node could not heartbeat for longer than its lease; it stops working on its {} runs, "
                + "which go on wherever they are claimed next", active.size());
        lost(Set.copyOf(active.keySet()));
        claimOwn = true;
        orphansWanted = true;
    }

    /** Claims made so far (any thread). */
    long claims() {
        return claims;
    }

    /** Runs executing here, not paused (any thread). */
    int runningHere() {
        return runningHere;
    }

    /** Step attempts executing here (any thread). */
    int busyWorkersNow() {
        return busyHere;
    }

    /** A queued run was cancelled in the store (any thread): its event is posted. */
    void queuedRunCancelled(RunRecord run) {
        events.queuedRunCancelled(run);
    }

    /** Commits what the last events changed, then starts ready steps while workers are free. */
    void flushAndDispatch() {
        commit.flush();
        if (claimWanted) {
            claim();
            commit.flush();
        }
        if (!afterClaim.isEmpty()) {
            List<Runnable> ready = new ArrayList<>(afterClaim);
            afterClaim.clear();
            ready.forEach(Runnable::run);
        }
        if (leaseSure.getAsBoolean()) {
            steps.dispatch(); // a node unsure of its lease starts nothing: its runs may be another's by now
        }
        runningHere = runningCount();
        busyHere = steps.busyWorkers();
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
     * Does what a user asked of a run this node executes; the run as it is afterwards, or
     * {@code null} when this node does not execute it (the scheduler asks the store).
     */
    WorkflowRun control(String runId, RunAction action) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            return null;
        }
        switch (action) {
            case PAUSE -> {
                if (run.state != RunState.RUNNING) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a running run can be paused; this one is " + run.state + ".");
                }
                run.state = RunState.PAUSED;
                persistRun(run, null);
                claimWanted = true; // a paused run does not count against max.running.runs
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

    /** Another node asked this one to pause, resume or cancel a run it executes; a request that no longer applies is dropped. */
    void controlAsked(String runId, RunAction action) {
        long lease = leaseOf(runId);
        if (lease == WorkflowStore.UNFENCED) {
            return;
        }
        try {
            control(runId, action);
        } catch (WorkflowException e) {
            LOG.info("{} of run {}, asked on another node, does not apply: {}", action, runId, e.getMessage());
        }
        commit.addFenced(new WorkflowStore.ControlDone(runId, action), lease);
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
        claimWanted = true;
    }

    @Override
    public void stepsDone(ActiveRun run) {
        // a failed branch does not fail the run: its steps are done, and what came after it ran without it
        boolean failed = run.steps.values().stream().anyMatch(s -> s.state == StepState.FAILED && !s.plan.optional() && s.branch() == null);
        run.state = failed ? RunState.FAILED : RunState.COMPLETED;
        persistRun(run, failed ? "a required step failed" : null);
        active.remove(run.id);
        claimWanted = true;
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

    /** After {@link #stop()}: whether every handler returned within {@code millis}. */
    boolean awaitStopped(long millis) {
        return steps.awaitStopped(millis);
    }
}
