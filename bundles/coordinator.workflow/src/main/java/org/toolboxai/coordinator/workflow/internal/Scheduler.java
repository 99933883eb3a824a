package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Classified;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/**
 * The workflow scheduler. One loop thread owns every active run; handlers execute on a bounded
 * worker pool and report back through the loop's inbox. Step completions that arrive together
 * are committed in one transaction (group commit) before any dependent step starts, so a
 * completed step is never executed again, whatever crashes.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final WorkflowStore store;
    private final TemplateRegistry templates;
    private final EngineSettings settings;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Clock clock;
    private final RunPlanner planner;
    private final DurationStats stats = new DurationStats();
    private final RankedRegistry<String, StepHandler> handlers = new RankedRegistry<>();

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timers;
    private final Thread loop;
    private volatile boolean running;
    private final AtomicInteger queuedCount = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    // loop-thread state
    private final Map<String, ActiveRun> active = new LinkedHashMap<>();
    private final ArrayDeque<RunRecord> queue = new ArrayDeque<>();
    private final PriorityQueue<ActiveRun.Step> ready = new PriorityQueue<>(Comparator
            .comparingDouble((ActiveRun.Step s) -> -s.remainingPathMillis)
            .thenComparingLong(s -> s.run.sequence)
            .thenComparingInt(s -> s.position));
    private final Map<String, List<ActiveRun.Step>> waiting = new HashMap<>();
    private final List<WorkflowStore.Write> writes = new ArrayList<>();
    /** Answers that must wait until what is queued now is committed. */
    private final List<Runnable> postFlush = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private int busy;

    Scheduler(WorkflowStore store, TemplateRegistry templates, EngineSettings settings,
            BiConsumer<String, Map<String, Object>> events, Clock clock) {
        this.store = store;
        this.templates = templates;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.planner = new RunPlanner(templates::get, settings.defaultTimeoutMillis(), settings.defaultRetries());
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "toolbox-workflow-step-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "toolbox-workflow-timer"));
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
        inbox.add(() -> recover(unfinished));
        loop.start();
        timers.scheduleWithFixedDelay(() -> inbox.add(this::saveStats), 1, 1, TimeUnit.SECONDS);
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
        workers.shutdownNow();
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
                flush();
                dispatch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Workflow scheduler loop error", e);
            }
        }
    }

    // ---------------------------------------------------------------- handlers

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
        inbox.add(() -> {
            List<ActiveRun.Step> resumed = waiting.remove(type);
            if (resumed == null) {
                return;
            }
            for (ActiveRun.Step step : resumed) {
                if (step.state == StepState.WAITING && active.get(step.run.id) == step.run) {
                    step.state = StepState.PENDING;
                    ready.add(step);
                }
            }
        });
    }

    /** A handler left: the next one of its type, if any, serves the next steps. */
    void handlerRemoved(StepHandler handler) {
        for (RankedRegistry.Change<String, StepHandler> change : handlers.removeEverywhere(handler)) {
            if (change.servingChanged() && change.current() != null) {
                LOG.info("Step handler {} now serves type {}", change.current(), change.key());
            }
        }
    }

    // ---------------------------------------------------------------- commands (any thread)

    WorkflowRun create(String templateName, Map<String, Object> parameters, String owner) {
        Template template = templates.get(templateName);
        if (template == null) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "No workflow template named '" + templateName + "'.",
                    List.of(new FieldError("template", "unknown; known: " + templates.all().stream().map(Template::name).toList())));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> params = ParameterValidator.validate(template, parameters, errors);
        if (!errors.isEmpty()) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, "Invalid parameters for " + templateName + ".", errors);
        }
        List<PlannedStep> plan;
        try {
            plan = planner.plan(template, params);
        } catch (IllegalArgumentException e) {
            throw new WorkflowException(WorkflowException.Kind.INVALID, e.getMessage());
        }
        if (!running) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The workflow engine is stopping.");
        }
        if (queuedCount.incrementAndGet() > settings.queueCapacity()) {
            queuedCount.decrementAndGet();
            throw new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "The workflow queue is full ("
                    + settings.queueCapacity() + " runs wait); try again later.");
        }
        long now = clock.millis();
        List<StepRecord> steps = plan.stream()
                .map(p -> new StepRecord(p, StepState.PENDING, 0, null, null, 0, 0)).toList();
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), templateName, owner, RunState.QUEUED, params, null,
                now, 0, 0, steps);
        try {
            store.insertRun(run);
        } catch (SQLException | RuntimeException e) {
            queuedCount.decrementAndGet();
            LOG.error("Cannot persist a new {} run", templateName, e);
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The run could not be stored: " + e.getMessage());
        }
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            admit(run);
            ActiveRun a = active.get(run.id());
            view.complete(a != null ? RunViews.of(a, stats) : RunViews.of(run, stats));
        });
        return await(view, run.id());
    }

    WorkflowRun find(String runId) {
        CompletableFuture<WorkflowRun> view = new CompletableFuture<>();
        inbox.add(() -> {
            ActiveRun a = active.get(runId);
            if (a != null) {
                view.complete(RunViews.of(a, stats));
            } else {
                postFlush.add(() -> view.complete(null)); // the store is up to date once this batch is in
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

    WorkflowRun control(String runId, String action) {
        CompletableFuture<WorkflowRun> result = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                WorkflowRun view = controlInLoop(runId, action);
                postFlush.add(() -> result.complete(view));
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

    private WorkflowRun await(CompletableFuture<WorkflowRun> future, String runId) {
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

    // ---------------------------------------------------------------- loop: admission and recovery

    private void recover(List<RunRecord> unfinished) {
        int resumed = 0;
        for (RunRecord run : unfinished) {
            if (run.state() == RunState.QUEUED) {
                queuedCount.incrementAndGet();
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

    private void admit(RunRecord run) {
        if (runningCount() < settings.maxRunningRuns()) {
            queuedCount.decrementAndGet();
            activate(run);
        } else {
            queue.add(run);
        }
    }

    private int runningCount() {
        int n = 0;
        for (ActiveRun run : active.values()) {
            if (run.state == RunState.RUNNING) {
                n++;
            }
        }
        return n;
    }

    private void admitFromQueue() {
        while (!queue.isEmpty() && runningCount() < settings.maxRunningRuns()) {
            queuedCount.decrementAndGet();
            activate(queue.poll());
        }
    }

    private void activate(RunRecord record) {
        ActiveRun run = new ActiveRun(record, sequence.incrementAndGet());
        int position = 0;
        for (StepRecord s : record.steps()) {
            ActiveRun.Step step = new ActiveRun.Step(run, s, position++);
            if (step.state == StepState.RUNNING || step.state == StepState.WAITING) {
                step.state = StepState.PENDING; // it was in flight when the engine stopped: run it again
            }
            step.estimateMillis = stats.estimate(step.plan.templateStep());
            run.steps.put(step.plan.id(), step);
        }
        for (ActiveRun.Step step : run.steps.values()) {
            for (String dep : step.plan.dependsOn()) {
                ActiveRun.Step d = run.steps.get(dep);
                d.dependents.add(step);
                step.dependencies.add(d);
                if (!d.satisfies()) {
                    step.unmet++;
                }
            }
        }
        computeRemainingPaths(run);
        if (record.state() == RunState.QUEUED) {
            run.state = RunState.RUNNING;
            run.startedAt = clock.millis();
            persistRun(run, null);
        }
        active.put(run.id, run);
        if (run.allFinal()) {
            finishRun(run);
            return;
        }
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state == StepState.PENDING && step.unmet == 0) {
                ready.add(step);
            }
        }
    }

    private static void computeRemainingPaths(ActiveRun run) {
        List<ActiveRun.Step> order = new ArrayList<>(run.steps.values());
        // plan order is topological (a step's dependencies come before it), so walk it backwards
        for (int i = order.size() - 1; i >= 0; i--) {
            ActiveRun.Step step = order.get(i);
            double longest = 0;
            for (ActiveRun.Step d : step.dependents) {
                longest = Math.max(longest, d.remainingPathMillis);
            }
            step.remainingPathMillis = step.estimateMillis + longest;
        }
    }

    // ---------------------------------------------------------------- loop: dispatch and outcomes

    private void dispatch() {
        while (busy < settings.workerThreads() && !ready.isEmpty()) {
            ActiveRun.Step step = ready.poll();
            ActiveRun run = step.run;
            if (active.get(run.id) != run || step.state != StepState.PENDING) {
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
                publishStep(step);
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
                step.run.parameters, step.plan.config(), inputs, System.nanoTime());
        step.context = context;
        busy++;
        // recorded (in the next group commit, without waiting for it) so a restart knows the attempt
        writes.add(new WorkflowStore.Completion(step.run.id, step.plan.id(), StepState.RUNNING, step.attempt, null,
                step.failure, step.startedAt, 0, List.of()));
        afterCommit.add(() -> { });
        step.execution = workers.submit(() -> execute(step, handler, context));
        step.timeout = timers.schedule(() -> inbox.add(() -> timedOut(step, context)), step.plan.timeoutMillis(),
                TimeUnit.MILLISECONDS);
        publishStep(step);
    }

    /** On a worker thread: never touches loop state, reports through the inbox. */
    private void execute(ActiveRun.Step step, StepHandler handler, ExecutionContext context) {
        StepResult result;
        try {
            result = handler.execute(context);
        } catch (Throwable e) {
            Failure failure = Failure.of(e);
            if (failure.kind() == FailureKind.TRANSIENT && !(e instanceof Classified)) {
                LOG.debug("Step {} of run {} threw", step.plan.id(), step.run.id, e);
            }
            inbox.add(() -> attemptFailed(step, context, failure, false));
            return;
        }
        StepResult outcome = result == null ? StepResult.of(Map.of()) : result;
        inbox.add(() -> succeeded(step, context, outcome));
    }

    private boolean settle(ActiveRun.Step step, ExecutionContext context) {
        if (context.settled || step.context != context) {
            return false;
        }
        context.settled = true;
        busy--;
        if (step.timeout != null) {
            step.timeout.cancel(false);
        }
        return true;
    }

    private void succeeded(ActiveRun.Step step, ExecutionContext context, StepResult result) {
        if (!settle(step, context) || active.get(step.run.id) != step.run || step.state != StepState.RUNNING) {
            return;
        }
        long now = clock.millis();
        double millis = (System.nanoTime() - context.startedAt) / 1e6;
        // the output must be JSON before it counts as done
        try {
            store.write(result.output());
        } catch (IllegalArgumentException e) {
            attemptFailed(step, context, Failure.of(FailureKind.INVALID_OUTPUT,
                    "the handler's output is not JSON: " + e.getMessage()), true);
            return;
        }
        writes.add(new WorkflowStore.Completion(step.run.id, step.plan.id(), StepState.COMPLETED, step.attempt,
                result.output(), null, step.startedAt, now, result.effects()));
        afterCommit.add(() -> {
            step.state = StepState.COMPLETED;
            step.output = result.output();
            step.failure = null;
            step.finishedAt = now;
            stats.record(step.plan.templateStep(), millis);
            publishStep(step);
            release(step);
        });
    }

    private void timedOut(ActiveRun.Step step, ExecutionContext context) {
        if (context.settled || step.context != context) {
            return;
        }
        context.cancel();
        step.execution.cancel(true);
        attemptFailed(step, context, Failure.of(FailureKind.TIMED_OUT,
                "timed out after " + step.plan.timeoutMillis() + " ms"), false);
    }

    /**
     * An attempt failed: retried with back-off when its kind allows and retries are left (a rate
     * limit's retry-after is waited out at least), otherwise the step fails.
     */
    private void attemptFailed(ActiveRun.Step step, ExecutionContext context, Failure failure, boolean alreadySettled) {
        if (!alreadySettled && !settle(step, context)) {
            return;
        }
        ActiveRun run = step.run;
        if (active.get(run.id) != run || step.state != StepState.RUNNING) {
            return;
        }
        long now = clock.millis();
        boolean retry = failure.kind().retryable() && step.attempt <= step.plan.retries() && run.state != RunState.CANCELLED;
        StepState next = retry ? StepState.PENDING : StepState.FAILED;
        writes.add(new WorkflowStore.Completion(run.id, step.plan.id(), next, step.attempt, null, failure,
                step.startedAt, retry ? 0 : now, List.of()));
        afterCommit.add(() -> {
            step.state = next;
            step.failure = failure;
            if (retry) {
                long delay = Math.max(backoff(step.attempt),
                        failure.retryAfter() == null ? 0 : failure.retryAfter().toMillis());
                LOG.debug("Step {} of run {} failed ({} {}); retrying in {} ms", step.plan.id(), run.id, failure.kind(),
                        failure.message(), delay);
                timers.schedule(() -> inbox.add(() -> {
                    if (active.get(run.id) == run && step.state == StepState.PENDING) {
                        ready.add(step);
                    }
                }), delay, TimeUnit.MILLISECONDS);
                publishStep(step);
                return;
            }
            step.finishedAt = now;
            publishStep(step);
            if (step.plan.optional()) {
                release(step);
            } else {
                failRun(run, "step " + step.plan.id() + " failed: " + RunViews.error(step.attempt, failure));
            }
        });
    }

    long backoff(int attempt) {
        double base = Math.min(settings.backoffMaxMillis(),
                settings.backoffInitialMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        // "equal jitter": between half and all of the exponential delay, so retries spread out
        return (long) (base / 2 + ThreadLocalRandom.current().nextDouble() * base / 2);
    }

    /** A step is done (or failed but optional): its dependents may become ready. */
    private void release(ActiveRun.Step step) {
        for (ActiveRun.Step d : step.dependents) {
            d.unmet--;
            if (d.unmet == 0 && d.state == StepState.PENDING) {
                ready.add(d);
            }
        }
        if (step.run.allFinal() && active.get(step.run.id) == step.run) {
            finishRun(step.run);
        }
    }

    private void flush() {
        if (writes.isEmpty()) {
            runAfterCommit();
            return;
        }
        List<WorkflowStore.Write> batch = new ArrayList<>(writes);
        List<Runnable> actions = new ArrayList<>(afterCommit);
        writes.clear();
        afterCommit.clear();
        try {
            store.commit(batch);
            actions.forEach(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Batch commit of {} step results failed ({}); committing them one by one", batch.size(), e.toString());
            for (int i = 0; i < batch.size(); i++) {
                try {
                    store.commitOne(batch.get(i));
                    actions.get(i).run();
                } catch (SQLException | RuntimeException single) {
                    LOG.error("Cannot store {}", batch.get(i), single);
                    if (!(batch.get(i) instanceof WorkflowStore.Completion c) || c.state() != StepState.COMPLETED) {
                        continue;
                    }
                    ActiveRun run = active.get(c.runId());
                    if (run != null) {
                        ActiveRun.Step step = run.steps.get(c.stepId());
                        step.state = StepState.RUNNING;
                        attemptFailed(step, step.context, Failure.of(FailureKind.TRANSIENT,
                                "its result could not be stored: " + single.getMessage()), true);
                    }
                }
            }
        }
        runAfterCommit();
    }

    private void runAfterCommit() {
        // what the actions of this commit queued (run ends, retries) goes in the next commit
        if (!writes.isEmpty()) {
            flush();
            return;
        }
        if (!postFlush.isEmpty()) {
            List<Runnable> answers = new ArrayList<>(postFlush);
            postFlush.clear();
            answers.forEach(Runnable::run);
        }
    }

    // ---------------------------------------------------------------- loop: run state

    private WorkflowRun controlInLoop(String runId, String action) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            RunRecord queued = queue.stream().filter(r -> r.id().equals(runId)).findFirst().orElse(null);
            if (queued != null && action.equals("cancel")) {
                queue.remove(queued);
                queuedCount.decrementAndGet();
                long now = clock.millis();
                write(new WorkflowStore.OpenSteps(runId, StepState.CANCELLED, now));
                write(new WorkflowStore.RunUpdate(runId, RunState.CANCELLED, null, 0, now, now));
                events.accept("org/toolboxai/workflow/run/CANCELLED", Map.of("run_id", runId, "template", queued.template()));
                return null;
            }
            if (queued != null) {
                throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is queued; it can only be cancelled.");
            }
            if (!stored(runId)) {
                throw new WorkflowException(WorkflowException.Kind.NOT_FOUND, "No run " + runId + ".");
            }
            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Run " + runId + " is finished.");
        }
        switch (action) {
            case "pause" -> {
                if (run.state != RunState.RUNNING) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a running run can be paused; this one is " + run.state + ".");
                }
                run.state = RunState.PAUSED;
                persistRun(run, null);
            }
            case "resume" -> {
                if (run.state != RunState.PAUSED) {
                    throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Only a paused run can be resumed; this one is " + run.state + ".");
                }
                run.state = RunState.RUNNING;
                persistRun(run, null);
                ready.addAll(run.parked);
                run.parked.clear();
            }
            case "cancel" -> endRun(run, RunState.CANCELLED, StepState.CANCELLED, null);
            default -> throw new IllegalArgumentException(action);
        }
        return RunViews.of(run, stats);
    }

    private boolean stored(String runId) {
        try {
            return store.find(runId) != null;
        } catch (SQLException e) {
            throw new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The store cannot be read: " + e.getMessage());
        }
    }

    private void failRun(ActiveRun run, String error) {
        endRun(run, RunState.FAILED, StepState.SKIPPED, error);
    }

    private void endRun(ActiveRun run, RunState state, StepState openSteps, String error) {
        long now = clock.millis();
        for (ActiveRun.Step step : run.steps.values()) {
            if (step.state == StepState.RUNNING && step.context != null) {
                step.context.cancel();
                step.context.settled = true;
                busy--;
                step.execution.cancel(true);
                if (step.timeout != null) {
                    step.timeout.cancel(false);
                }
            }
            if (!step.state.isFinal()) {
                step.state = openSteps;
                step.finishedAt = now;
            }
        }
        run.state = state;
        write(new WorkflowStore.OpenSteps(run.id, openSteps, now));
        persistRun(run, error);
        active.remove(run.id);
        admitFromQueue();
    }

    private void finishRun(ActiveRun run) {
        boolean failed = run.steps.values().stream()
                .anyMatch(s -> s.state == StepState.FAILED && !s.plan.optional());
        run.state = failed ? RunState.FAILED : RunState.COMPLETED;
        persistRun(run, failed ? "a required step failed" : null);
        active.remove(run.id);
        admitFromQueue();
    }

    private void persistRun(ActiveRun run, String error) {
        long now = clock.millis();
        write(new WorkflowStore.RunUpdate(run.id, run.state, error, run.startedAt, run.state.isFinal() ? now : 0, now));
        Map<String, Object> props = new HashMap<>();
        props.put("run_id", run.id);
        props.put("template", run.template);
        props.put("owner", run.owner);
        props.put("state", run.state.name());
        props.put("progress", RunViews.progress(run, stats));
        if (error != null) {
            props.put("error", error);
        }
        events.accept("org/toolboxai/workflow/run/" + run.state.name(), props);
    }

    private void publishStep(ActiveRun.Step step) {
        Map<String, Object> props = new HashMap<>();
        props.put("run_id", step.run.id);
        props.put("step_id", step.plan.id());
        props.put("type", step.plan.type());
        props.put("state", step.state.name());
        props.put("attempt", step.attempt);
        events.accept("org/toolboxai/workflow/step/" + step.state.name(), props);
    }

    /** Queues a change with nothing to do after its commit. */
    private void write(WorkflowStore.Write change) {
        writes.add(change);
        afterCommit.add(() -> { });
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

    /** What the scheduler holds at one moment, as its loop thread sees it. */
    record Load(int running, int queued, int paused, int busyWorkers, int workers, int maxRunning,
            List<String> waitingTypes) {
    }

    /** Whether the loop thread runs (it may still be slow, e.g. while a commit retries). */
    boolean loopAlive() {
        return running && loop.isAlive();
    }

    /**
     * Asks the loop thread for its load; empty when it does not answer within {@code timeoutMillis}:
     * stopped, or busy (a slow commit), or stuck.
     */
    Optional<Load> load(long timeoutMillis) {
        if (!running || !loop.isAlive()) {
            return Optional.empty();
        }
        CompletableFuture<Load> answer = new CompletableFuture<>();
        inbox.add(() -> {
            int paused = 0;
            for (ActiveRun run : active.values()) {
                paused += run.state == RunState.PAUSED ? 1 : 0;
            }
            answer.complete(new Load(runningCount(), queue.size(), paused, busy, settings.workerThreads(),
                    settings.maxRunningRuns(), List.copyOf(new TreeSet<>(waiting.keySet()))));
        });
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
        return load(10_000).map(Load::waitingTypes).orElse(List.of());
    }
}
