package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/**
 * The workflow scheduler of one node. One loop thread owns every run this node executes
 * ({@link ActiveRuns}); callers, handler threads and timers hand it work through its inbox and wait
 * for answers where they need one. After each batch of events the loop commits what changed in one
 * transaction and starts ready steps, so a completed step is never executed again, whatever
 * crashes. Several nodes may share the store: each claims runs from it, heartbeats (the lease on
 * its runs), polls for what other nodes asked of its runs, and takes over the runs of a node that
 * stopped heartbeating.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** How often this node looks for what other nodes asked of its runs: a cancel reaches it within this. */
    static final long CONTROL_POLL_MILLIS = 250;
    /** How often this node looks for runs queued on other nodes, or left by a dead one. */
    static final long CLAIM_POLL_MILLIS = 500;
    /** How long a stop waits for handlers to return before it hands the node's runs over at once. */
    static final long STOP_WAIT_MILLIS = 5_000;
    /** Nodes silent for this long leave the node list. */
    static final long FORGET_NODE_MILLIS = 24 * 3600_000L;

    private final WorkflowStore store;
    private final NodeTable nodes;
    private final RunEvents runEvents;
    private final TemplateRegistry templates;
    private volatile EngineSettings settings;
    private final Clock clock;
    private final DurationStats stats = new DurationStats();
    private final RankedRegistry<String, StepHandler> handlers = new RankedRegistry<>();
    private final Admission admission = new Admission();
    private final ActiveRuns runs;

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers;
    /** The heartbeat's own thread: a slow poll or step time-out never delays it. */
    private final ScheduledExecutorService beats;
    private final Thread loop;
    private volatile boolean running;
    private volatile long startedAt;
    /** When this node last heartbeat successfully. */
    private volatile long lastBeat;
    /** Whether another node was up at the last heartbeat: only then can a run created here execute elsewhere. */
    private volatile boolean othersUp;
    /** Polls of watched runs skipped while alone (timer thread). */
    private int aloneTicks;
    /** Tests: the heartbeat stops as in a long GC pause or a partition, while everything else goes on. */
    volatile boolean heartbeatStalled;

    /** A scheduler alone on its store, as node {@code local}: tests. */
    Scheduler(WorkflowStore store, TemplateRegistry templates, EngineSettings settings,
            BiConsumer<String, Map<String, Object>> events, Clock clock) {
        this(store, new NodeTable(store.dataSource(), store.nodeId(), "local"), templates, settings, events, clock);
    }

    Scheduler(WorkflowStore store, NodeTable nodes, TemplateRegistry templates, EngineSettings settings,
            BiConsumer<String, Map<String, Object>> events, Clock clock) {
        this.store = store;
        this.nodes = nodes;
        this.runEvents = new RunEvents(events);
        this.templates = templates;
        this.settings = settings;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "toolbox-workflow-timer"));
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "toolbox-workflow-heartbeat"));
        this.runs = new ActiveRuns(store, handlers, stats, () -> this.settings, clock, timers, inbox::add,
                runEvents, admission, this::leaseSure);
        this.loop = daemon(this::loop, "toolbox-workflow-scheduler");
    }

    /** Where handler faults (exceptions no component typed) are reported, or null for nowhere. */
    void failureReporter(StepWorkers.FailureReporter reporter) {
        runs.failureReporter(reporter);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Loads statistics, heartbeats, starts the loop, which first claims this node's own unfinished
     * runs (from before a restart), those of dead nodes and queued ones.
     */
    void start() throws SQLException {
        stats.load(store.loadStats());
        startedAt = clock.millis();
        nodes.heartbeat(startedAt, startedAt, new NodeTable.Load(0, 0, settings.workerThreads()));
        lastBeat = startedAt;
        running = true;
        loop.start();
        timers.scheduleWithFixedDelay(() -> inbox.add(this::saveStats), 1, 1, TimeUnit.SECONDS);
        beats.scheduleWithFixedDelay(this::heartbeat, settings.heartbeatMillis(), settings.heartbeatMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::pollControls, CONTROL_POLL_MILLIS, CONTROL_POLL_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::pollClaimable, CLAIM_POLL_MILLIS, CLAIM_POLL_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::pollElsewhere, CLAIM_POLL_MILLIS, CLAIM_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Posts here the state changes of runs created (or lost) here that another node executes, read
     * from the store, so what listens on this node (a client waiting for its lesson, the content
     * coordinator's generation slots) hears of them as of runs executed here.
     */
    private void pollElsewhere() {
        Map<String, ActiveRuns.Watched> watched = runs.watched();
        if (watched.isEmpty() || (!othersUp && ++aloneTicks % 10 != 0)) {
            return; // alone, this node executes every run it created and posts their events itself; it looks now and then for ended ones
        }
        try {
            Map<String, WorkflowStore.StoredState> states = store.states(List.copyOf(watched.keySet()));
            states.forEach((id, now) -> {
                ActiveRuns.Watched seen = watched.get(id);
                if (seen == null || seen.seen() == now.state() || now.state() == RunState.QUEUED) {
                    return;
                }
                if (now.state().isFinal()) {
                    watched.remove(id);
                } else {
                    watched.replace(id, seen, new ActiveRuns.Watched(seen.template(), seen.owner(), now.state()));
                }
                runEvents.elsewhere(id, seen.template(), seen.owner(), now.state(), now.error());
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot read the state of runs executed elsewhere", e);
        }
    }

    /**
     * Renews this node's lease on its runs (its heartbeat row), then checks it still holds each run
     * at the version it claimed. Without a beat for longer than the lease, it stops working on
     * every run: the other nodes may have them by now.
     */
    private void heartbeat() {
        if (heartbeatStalled) {
            return;
        }
        long now = clock.millis();
        EngineSettings limits = settings;
        try {
            long claimsBefore = runs.claims();
            nodes.heartbeat(now, startedAt, new NodeTable.Load(runs.runningHere(), runs.busyWorkersNow(), limits.workerThreads()));
            lastBeat = now;
            othersUp = nodes.othersUp(now - limits.leaseMillis());
            nodes.forget(now - FORGET_NODE_MILLIS);
            Map<String, Long> held = store.held();
            inbox.add(() -> runs.checkHeld(held, claimsBefore));
        } catch (SQLException | RuntimeException e) {
            long failed = clock.millis(); // the attempt itself may have taken long (a connection time-out)
            LOG.warn("Heartbeat failed ({}); the last one was {} ms ago", e.toString(), failed - lastBeat);
            if (!leaseSure()) {
                inbox.add(runs::giveUpAll);
            }
        }
    }

    /**
     * Whether this node's lease on its runs is certainly still good: its last heartbeat is less
     * than three quarters of a lease old (the rest is margin for clocks and a commit under way).
     * Beyond that the loop starts no step, and on a failed heartbeat the node gives its runs up.
     */
    private boolean leaseSure() {
        return clock.millis() - lastBeat < settings.leaseMillis() * 3 / 4;
    }

    /** Hands the loop what other nodes asked of this node's runs. */
    private void pollControls() {
        try {
            Map<String, RunAction> asked = store.controlRequests();
            if (!asked.isEmpty()) {
                inbox.add(() -> asked.forEach(runs::controlAsked));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot read run controls asked on other nodes", e);
        }
    }

    /** Wakes the loop's claim when a node died or stopped, or another node queued a run while there is room here. */
    private void pollClaimable() {
        EngineSettings limits = settings;
        try {
            if (store.anyOrphaned(clock.millis() - limits.leaseMillis())) {
                inbox.add(runs::wantOrphans);
            } else if (runs.runningHere() < limits.maxRunningRuns() && store.anyQueued()) {
                inbox.add(runs::wantClaim);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cannot look for claimable runs", e);
        }
    }

    /**
     * New limits, for new work: runs queue, start and retry by them from now on; running steps go
     * on undisturbed. A higher {@code max.running.runs} starts queued runs at once.
     */
    void update(EngineSettings next) {
        if (!next.equals(settings)) {
            LOG.info("Workflow engine limits changed from {} to {}", settings, next);
        }
        settings = next;
        inbox.add(runs::wantClaim);
    }

    /**
     * Stops accepting work, asks running steps to stop; once every handler has returned, other
     * nodes take its runs over at once (otherwise once its lease runs out, so no step runs on two
     * nodes at once), or it does at its next start.
     */
    void stop() {
        halt();
        if (!runs.awaitStopped(STOP_WAIT_MILLIS) || loop.isAlive()) {
            LOG.warn("Handlers still run after {} ms; the other nodes take this node's runs over once its lease runs out",
                    STOP_WAIT_MILLIS);
            return;
        }
        try {
            nodes.stopped(clock.millis()); // the other nodes take this node's runs over at once
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not mark this node stopped; the others take over its runs once its lease runs out", e);
        }
    }

    /** Tests: the node dies as if killed; nothing more is written, its row stays as it was. */
    void crash() {
        halt();
    }

    private void halt() {
        running = false;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        beats.shutdownNow();
        runs.stop();
        try {
            store.saveStats(stats.drainChanged());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not save step statistics on stop", e);
        }
    }

    private void loop() {
        List<Runnable> batch = new ArrayList<>();
        while (running) {
            try {
                Runnable first = inbox.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                inbox.drainTo(batch, 10_000);
                for (Runnable r : batch) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.error("Workflow scheduler event failed", e);
                    }
                }
                batch.clear();
                runs.flushAndDispatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Workflow scheduler loop error", e);
            }
        }
    }

    // ---------------------------------------------------------------- handlers (any thread)

    void handlerAdded(StepHandler handler) {
        handlerAdded(handler, Map.of());
    }

    /**
     * A handler appeared: it serves its type unless a better-ranked (or older) one does; waiting
     * steps of that type continue.
     */
    void handlerAdded(StepHandler handler, Map<String, ?> properties) {
        String type;
        try {
            type = handler.type();
        } catch (RuntimeException e) {
            LOG.error("Step handler {} failed to say its type; it is not used", handler, e);
            return;
        }
        if (type == null || type.isBlank()) {
            LOG.error("Step handler {} has no type; it is not used", handler);
            return;
        }
        RankedRegistry.Change<String, StepHandler> change = handlers.add(type, handler, properties);
        if (!change.servingChanged()) {
            LOG.info("Step handler {} for type {} waits: {} serves that type", handler, type, change.current());
            return;
        }
        inbox.add(() -> runs.handlerServes(type));
    }

    /**
     * A handler left: the next one of its type, if any, serves the next steps; the attempts it was
     * running fail as transient (retried as their template allows, by the next handler or once one
     * comes).
     */
    void handlerRemoved(StepHandler handler) {
        for (RankedRegistry.Change<String, StepHandler> change : handlers.removeEverywhere(handler)) {
            if (change.servingChanged() && change.current() != null) {
                LOG.info("Step handler {} now serves type {}", change.current(), change.key());
            }
        }
        inbox.add(() -> runs.handlerLeft(handler));
    }

    // ---------------------------------------------------------------- commands (any thread)

    /** What {@link #create} would refuse the parameters for; empty when they are valid. */
    List<FieldError> check(String templateName, Map<String, Object> parameters) {
        Template template = templates.get(templateName);
        if (template == null) {
            return List.of(unknownTemplate());
        }
        List<FieldError> errors = new ArrayList<>();
        ParameterValidator.validate(template, parameters, errors);
        return List.copyOf(errors);
    }

    private FieldError unknownTemplate() {
        return new FieldError("template", "unknown; known: " + templates.all().stream().map(Template::name).toList());
    }

    WorkflowRun create(String templateName, Map<String, Object> parameters, String owner) {
        Template template = templates.get(templateName);
        if (template == null) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "No workflow template named '" + templateName + "'.",
                    List.of(unknownTemplate()));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> params = ParameterValidator.validate(template, parameters, errors);
        if (!errors.isEmpty()) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "Invalid parameters for " + templateName + ".", errors);
        }
        EngineSettings limits = settings;
        List<PlannedStep> plan;
        try {
            plan = new RunPlanner(templates::get, limits.defaultTimeoutMillis(), limits.defaultRetries()).plan(template, params);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, e.getMessage());
        }
        if (!running) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The workflow engine is stopping.");
        }
        long now = clock.millis();
        List<StepRecord> steps = plan.stream()
                .map(p -> new StepRecord(p, StepState.PENDING, 0, null, null, 0, 0)).toList();
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), templateName, owner, RunState.QUEUED, params, null,
                now, 0, 0, steps);
        try {
            admission.reserve(limits.queueCapacity(), store::queuedCount);
            try {
                store.insertRun(run);
            } finally {
                admission.done();
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof WorkflowException w) {
                throw w;
            }
            LOG.error("Cannot persist a new {} run", templateName, e);
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The run could not be stored: " + e.getMessage());
        }
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            runs.stored(run);
            runs.afterClaim(() -> {
                WorkflowRun live = runs.view(run.id());
                if (live == null) {
                    runs.watch(run.id(), run.template(), run.owner(), RunState.QUEUED);
                }
                view.complete(live != null ? live : RunViews.of(run, stats));
            });
        });
        return await(view, run.id());
    }

    /**
     * Queues a finished run again to make one branch (an instance of an optional sub-flow, e.g.
     * {@code lesson_3}) and what follows it anew; the other branches keep their outputs.
     */
    WorkflowRun retryBranch(String runId, String branch) {
        RunRecord stored;
        try {
            stored = store.find(runId);
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
        if (stored == null) {
            throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No run " + runId + ".");
        }
        if (stored.steps().stream().noneMatch(s -> branch.equals(s.plan().config().get(RunPlanner.BRANCH)))) {
            throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "Run " + runId + " has no branch " + branch + ".");
        }
        if (!running) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The workflow engine is stopping.");
        }
        List<String> reopened;
        try {
            // a run queued again counts against the queue like a new one
            admission.reserve(settings.queueCapacity(), store::queuedCount);
            try {
                reopened = store.reopenBranch(runId, branch, clock.millis());
            } finally {
                admission.done();
            }
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The run could not be stored: " + e.getMessage());
        }
        if (reopened.isEmpty()) {
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is " + stored.state()
                    + "; a branch is made again once the run has finished.");
        }
        LOG.info("Run {} queued again for branch {}: {} steps to do over", runId, branch, reopened.size());
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            runs.wantClaim();
            runs.afterClaim(() -> {
                WorkflowRun live = runs.view(runId);
                if (live == null) {
                    // another node took it: its events are posted here as the store shows them, as for a new run
                    runs.watch(runId, stored.template(), stored.owner(), RunState.QUEUED);
                }
                view.complete(live);
            });
        });
        WorkflowRun live = await(view, runId);
        WorkflowRun current = live != null ? live : find(runId);
        if (current == null) {
            throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No run " + runId + ".");
        }
        return current;
    }

    WorkflowRun find(String runId) {
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            WorkflowRun live = runs.view(runId);
            if (live != null) {
                view.complete(live);
            } else {
                runs.answerAfterCommit(() -> view.complete(null)); // the store is up to date once this batch is in
            }
        });
        WorkflowRun live = await(view, runId);
        if (live != null) {
            return live;
        }
        try {
            RunRecord stored = store.find(runId);
            return stored == null ? null : RunViews.of(stored, stats);
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
    }

    /**
     * Pauses, resumes or cancels a run; the run as it is once the change is committed. A run this
     * node does not execute is changed through the store: a queued one at once, one another node
     * executes by that node (asked through the store, done within a poll interval) or, when that
     * node is dead, by whichever node takes the run over.
     */
    WorkflowRun control(String runId, RunAction action) {
        CompletableFuture<Optional<WorkflowRun>> result = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                WorkflowRun view = runs.control(runId, action);
                if (view == null) {
                    result.complete(Optional.empty());
                } else {
                    runs.answerAfterCommit(() -> result.complete(Optional.of(view)));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        Optional<WorkflowRun> local = await(result, runId);
        return local.isPresent() ? local.get() : controlElsewhere(runId, action);
    }

    private WorkflowRun controlElsewhere(String runId, RunAction action) {
        try {
            WorkflowStore.Placement at = store.placement(runId);
            if (at == null) {
                throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No run " + runId + ".");
            }
            if (at.state() == RunState.QUEUED) {
                if (action != RunAction.CANCEL) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is queued; it can only be cancelled.");
                }
                if (store.cancelQueued(runId, clock.millis())) {
                    runs.watched().remove(runId);
                    RunRecord cancelled = store.find(runId);
                    runs.queuedRunCancelled(cancelled);
                    return RunViews.of(cancelled, stats);
                }
                at = store.placement(runId); // claimed meanwhile
            }
            if (at.state().isFinal()) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is finished.");
            }
            if (action == RunAction.PAUSE && at.state() != RunState.RUNNING) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a running run can be paused; this one is " + at.state() + ".");
            }
            if (action == RunAction.RESUME && at.state() != RunState.PAUSED) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a paused run can be resumed; this one is " + at.state() + ".");
            }
            if (!store.requestControl(runId, action)) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is finished.");
            }
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
        inbox.add(runs::wantOrphans); // if its node is dead, this one may take the run over and do it
        return awaitControl(runId, action);
    }

    /** Waits for the executing node (or the one that takes the run over) to do what was asked. */
    private WorkflowRun awaitControl(String runId, RunAction action) {
        RunState wanted = switch (action) {
            case PAUSE -> RunState.PAUSED;
            case RESUME -> RunState.RUNNING;
            case CANCEL -> RunState.CANCELLED;
        };
        long waitMillis = settings.leaseMillis() + 3 * CLAIM_POLL_MILLIS + 2_000;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (true) {
                RunRecord now = store.find(runId);
                if (now != null && (now.state() == wanted || now.state().isFinal())) {
                    return RunViews.of(now, stats);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "Run " + runId + " is executed by another node, "
                            + "which has not done the " + action.name().toLowerCase(java.util.Locale.ROOT) + " within " + waitMillis
                            + " ms; the request stands and is done when that node, or the node that takes the run over, gets to it.");
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "Interrupted.");
        }
    }

    /** The nodes sharing the store, this one first. */
    List<NodeTable.Node> nodes() {
        long now = clock.millis();
        try {
            return nodes.nodes(now - settings.leaseMillis());
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
    }

    /** This node's id. */
    String nodeId() {
        return store.nodeId();
    }

    WorkflowStore store() {
        return store;
    }

    private static <T> T await(CompletableFuture<T> future, String runId) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkflowException w) {
                throw w;
            }
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "Run " + runId + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The workflow engine is busy; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "Interrupted.");
        }
    }

    private void saveStats() {
        Map<String, double[]> changed = stats.drainChanged();
        if (changed.isEmpty()) {
            return;
        }
        try {
            store.saveStats(changed);
        } catch (SQLException e) {
            LOG.warn("Cannot save step statistics", e);
        }
    }

    // ---------------------------------------------------------------- load

    /** Whether the loop thread runs (it may still be slow, e.g. while a commit retries). */
    boolean loopAlive() {
        return running && loop.isAlive();
    }

    /**
     * Asks the loop thread for its load; empty when it does not answer within {@code timeoutMillis}:
     * stopped, or busy (a slow commit), or stuck.
     */
    Optional<SchedulerLoad> load(long timeoutMillis) {
        if (!running || !loop.isAlive()) {
            return Optional.empty();
        }
        CompletableFuture<SchedulerLoad> answer = new CompletableFuture<>();
        inbox.add(() -> answer.complete(runs.load()));
        try {
            return Optional.of(answer.get(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    List<String> waitingTypes() {
        return load(10_000).map(SchedulerLoad::waitingTypes).orElse(List.of());
    }
}
