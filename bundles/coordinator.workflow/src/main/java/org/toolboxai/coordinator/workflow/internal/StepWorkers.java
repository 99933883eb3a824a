package org.toolboxai.coordinator.workflow.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.failure.Classified;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * The threads step handlers run on, counted as they really are. An attempt is handed to a thread
 * of its own at once, never queued behind others, and its time-out starts when its handler starts
 * on that thread. The loop thread starts attempts only while fewer than {@code worker.threads} are
 * active. When the loop takes an attempt's outcome without its thread (it timed out, its run was
 * cancelled, its handler left), the attempt is abandoned: asked to stop, its thread interrupted,
 * and counted as stuck until that thread really returns. Stuck threads do not hold back other
 * runs, but busy and stuck threads together stay under {@link EngineSettings#maxThreads()}.
 * Attempt sets are touched only by the loop thread; handler threads report through the inbox.
 */
final class StepWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(StepWorkers.class);

    /** What a handler's thread reports when the handler returns. */
    sealed interface Outcome permits Succeeded, Failed {
    }

    /** The handler returned a result after {@code millis} on its thread. */
    record Succeeded(StepResult result, double millis) implements Outcome {
    }

    /** The handler threw. */
    record Failed(Failure failure) implements Outcome {
    }

    /** Where outcomes go, on the loop thread. */
    interface Listener {

        /** The handler of an active attempt returned. */
        void returned(Attempt attempt, Outcome outcome);

        /** An active attempt's handler has run longer than its time-out. */
        void timedOut(Attempt attempt);
    }

    /** One attempt of one step on its thread. */
    static final class Attempt {
        final ActiveRun.Step step;
        final StepHandler handler;
        final ExecutionContext context;
        final long timeoutMillis;
        /** Set by the handler's thread just before it reports back. */
        private volatile boolean returned;
        /** Guarded by this: the thread to interrupt, while the handler runs. */
        private Thread thread;
        /** Guarded by this. */
        private boolean abandoned;
        private long abandonedAt;

        Attempt(ActiveRun.Step step, StepHandler handler, ExecutionContext context, long timeoutMillis) {
            this.step = step;
            this.handler = handler;
            this.context = context;
            this.timeoutMillis = timeoutMillis;
        }
    }

    /** Told about a handler that threw an exception no component typed (a fault of the handler). */
    @FunctionalInterface
    interface FailureReporter {
        void report(Attempt attempt, Throwable thrown);
    }

    private volatile FailureReporter reporter = (attempt, thrown) -> { };
    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> inbox;
    private final Listener listener;
    private final Clock clock;
    private final Set<Attempt> active = new LinkedHashSet<>();
    private final Set<Attempt> stuck = new LinkedHashSet<>();

    void reporter(FailureReporter replacement) {
        this.reporter = replacement == null ? (attempt, thrown) -> { } : replacement;
    }

    StepWorkers(ScheduledExecutorService timers, Consumer<Runnable> inbox, Listener listener, Clock clock) {
        this.timers = timers;
        this.inbox = inbox;
        this.listener = listener;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // no queue: a thread per attempt, made when none is idle; how many is bounded by mayStart,
        // not here, because a thread that has just reported back may not be idle yet
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "toolbox-workflow-step-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether another attempt may start now. */
    boolean mayStart(EngineSettings settings) {
        return active.size() < settings.workerThreads() && active.size() + stuck.size() < settings.maxThreads();
    }

    /** Starts an attempt on a thread of its own; {@code false} when the workers are shut down. */
    boolean start(Attempt attempt) {
        active.add(attempt);
        try {
            threads.execute(() -> run(attempt));
            return true;
        } catch (RejectedExecutionException e) {
            active.remove(attempt);
            return false;
        }
    }

    /** Whether the attempt's outcome is still to be taken. */
    boolean isActive(Attempt attempt) {
        return active.contains(attempt);
    }

    /**
     * The loop takes the attempt's outcome without its thread: the handler is asked to stop
     * ({@code StepContext.cancelled()}, an interrupt), and its thread counts as stuck until it returns.
     */
    void abandon(Attempt attempt) {
        if (!active.remove(attempt)) {
            return;
        }
        attempt.context.cancel();
        synchronized (attempt) {
            attempt.abandoned = true;
            attempt.abandonedAt = clock.millis();
            if (attempt.thread != null) {
                attempt.thread.interrupt();
            }
        }
        if (!attempt.returned) {
            stuck.add(attempt);
        }
    }

    /** The active attempts, e.g. to find those of a handler that left. */
    List<Attempt> active() {
        return List.copyOf(active);
    }

    int busy() {
        return active.size();
    }

    /** Steps whose threads are stuck, longest first. */
    List<SchedulerLoad.StuckStep> stuck() {
        long now = clock.millis();
        List<SchedulerLoad.StuckStep> steps = new ArrayList<>();
        for (Attempt a : stuck) {
            steps.add(new SchedulerLoad.StuckStep(a.step.run.id, a.step.plan.id(), a.step.plan.type(), now - a.abandonedAt));
        }
        return steps;
    }

    /** Interrupts every handler thread; their runs resume at the next start. */
    void shutdown() {
        threads.shutdownNow();
    }

    /** After {@link #shutdown()}: whether every handler thread returned within {@code millis}. */
    boolean awaitStopped(long millis) {
        try {
            return threads.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** On the handler's thread. */
    private void run(Attempt attempt) {
        synchronized (attempt) {
            if (attempt.abandoned) {
                attempt.returned = true;
                inbox.accept(() -> returned(attempt, null));
                return;
            }
            attempt.thread = Thread.currentThread();
        }
        long began = System.nanoTime();
        ScheduledFuture<?> timeout = null;
        Outcome outcome;
        try {
            timeout = timers.schedule(() -> inbox.accept(() -> expired(attempt)), attempt.timeoutMillis,
                    TimeUnit.MILLISECONDS);
            StepResult result = attempt.handler.execute(attempt.context);
            outcome = new Succeeded(result == null ? StepResult.of(Map.of()) : result, (System.nanoTime() - began) / 1e6);
        } catch (Throwable e) {
            Failure failure = Failure.of(e);
            if (failure.kind() == FailureKind.TRANSIENT && !(e instanceof Classified)) {
                LOG.debug("Step {} of run {} threw", attempt.step.plan.id(), attempt.step.run.id, e);
                try {
                    reporter.report(attempt, e);
                } catch (RuntimeException reportFailed) {
                    LOG.debug("The failure of step {} could not be reported", attempt.step.plan.id(), reportFailed);
                }
            }
            outcome = new Failed(failure);
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        synchronized (attempt) {
            attempt.thread = null;
        }
        // an interrupt meant for this attempt must not reach the next task of this thread
        Thread.interrupted();
        attempt.returned = true;
        Outcome reported = outcome;
        inbox.accept(() -> returned(attempt, reported));
    }

    private void returned(Attempt attempt, Outcome outcome) {
        if (stuck.remove(attempt)) {
            LOG.info("The thread of step {} of run {} (type {}) returned {} ms after the step was abandoned",
                    attempt.step.plan.id(), attempt.step.run.id, attempt.step.plan.type(), clock.millis() - attempt.abandonedAt);
            return;
        }
        if (active.remove(attempt) && outcome != null) {
            listener.returned(attempt, outcome);
        }
    }

    private void expired(Attempt attempt) {
        // a handler that returned in time has its outcome in the inbox already: that one counts
        if (active.contains(attempt) && !attempt.returned) {
            listener.timedOut(attempt);
        }
    }
}
