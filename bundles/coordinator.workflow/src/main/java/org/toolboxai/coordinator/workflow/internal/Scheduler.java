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
 * The workflow scheduler. One loop thread owns every active run ({@link ActiveRuns}); callers,
 * handler threads and timers hand it work through its inbox and wait for answers where they need
 * one. After each batch of events the loop commits what changed in one transaction and starts
 * ready steps, so a completed step is never executed again, whatever crashes.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final WorkflowStore store;
    private final TemplateRegistry templates;
    private volatile EngineSettings settings;
    private final Clock clock;
    private final DurationStats stats = new DurationStats();
    private final RankedRegistry<String, StepHandler> handlers = new RankedRegistry<>();
    private final Admission admission = new Admission();
    private final ActiveRuns runs;

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers;
    private final Thread loop;
    private volatile boolean running;

    Scheduler(WorkflowStore store, TemplateRegistry templates, EngineSettings settings,
            BiConsumer<String, Map<String, Object>> events, Clock clock) {
        this.store = store;
        this.templates = templates;
        this.settings = settings;
        this.clock = clock;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "toolbox-workflow-timer"));
        this.runs = new ActiveRuns(store, handlers, stats, () -> this.settings, clock, timers, inbox::add,
                new RunEvents(events), admission);
        this.loop = daemon(this::loop, "toolbox-workflow-scheduler");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Loads statistics, resumes unfinished runs, starts the loop. */
    void start() throws SQLException {
        stats.load(store.loadStats());
        List<RunRecord> unfinished = store.unfinished();
        running = true;
        inbox.add(() -> runs.recover(unfinished));
        loop.start();
        timers.scheduleWithFixedDelay(() -> inbox.add(this::saveStats), 1, 1, TimeUnit.SECONDS);
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
        inbox.add(runs::admitFromQueue);
    }

    /** Stops accepting work, asks running steps to stop; their runs resume at the next start. */
    void stop() {
        running = false;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
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
        admission.reserve(limits.queueCapacity());
        long now = clock.millis();
        List<StepRecord> steps = plan.stream()
                .map(p -> new StepRecord(p, StepState.PENDING, 0, null, null, 0, 0)).toList();
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), templateName, owner, RunState.QUEUED, params, null,
                now, 0, 0, steps);
        try {
            store.insertRun(run);
        } catch (SQLException | RuntimeException e) {
            admission.unreserve();
            LOG.error("Cannot persist a new {} run", templateName, e);
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The run could not be stored: " + e.getMessage());
        }
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            runs.admit(run);
            WorkflowRun live = runs.view(run.id());
            view.complete(live != null ? live : RunViews.of(run, stats));
        });
        return await(view, run.id());
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

    /** Pauses, resumes or cancels a run; the run as it is once the change is committed. */
    WorkflowRun control(String runId, RunAction action) {
        CompletableFuture<WorkflowRun> result = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                WorkflowRun view = runs.control(runId, action);
                runs.answerAfterCommit(() -> result.complete(view));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        WorkflowRun view = await(result, runId);
        return view != null ? view : find(runId);
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
