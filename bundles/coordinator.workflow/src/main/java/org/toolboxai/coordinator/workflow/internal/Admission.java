package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.toolboxai.api.workflow.WorkflowException;

/**
 * Which runs may execute: at most {@code max.running.runs} at once, the others wait in order, and
 * at most {@code queue.capacity} wait. A run holds a queue place from the moment it is accepted
 * (on the caller's thread, before it is stored) until it starts executing, so the capacity holds
 * even while accepted runs are still on their way to the loop thread.
 */
final class Admission {

    /** Accepted runs that do not execute yet: in {@link #queue} or on their way to it. */
    private final AtomicInteger places = new AtomicInteger();
    /** Touched only by the loop thread. */
    private final ArrayDeque<RunRecord> queue = new ArrayDeque<>();

    /**
     * Takes a queue place for a new run (any thread).
     *
     * @throws WorkflowException QUEUE_FULL when {@code capacity} runs already wait
     */
    void reserve(int capacity) {
        if (places.incrementAndGet() > capacity) {
            places.decrementAndGet();
            throw new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "The workflow queue is full ("
                    + capacity + " runs wait); try again later.");
        }
    }

    /** Gives back a place taken for a run that was not accepted after all (any thread). */
    void unreserve() {
        places.decrementAndGet();
    }

    /** A run found queued in the store after a restart: it takes its place again, whatever the capacity. */
    void requeued() {
        places.incrementAndGet();
    }

    /**
     * On the loop thread: whether the run may execute now; if not, it waits at the end of the queue.
     * A run already waiting goes first.
     */
    boolean startNow(RunRecord run, int running, int maxRunning) {
        if (queue.isEmpty() && running < maxRunning) {
            places.decrementAndGet();
            return true;
        }
        queue.add(run);
        return false;
    }

    /** On the loop thread: the next waiting run when one more may execute, or {@code null}. */
    RunRecord next(int running, int maxRunning) {
        if (queue.isEmpty() || running >= maxRunning) {
            return null;
        }
        places.decrementAndGet();
        return queue.poll();
    }

    /** On the loop thread: the queued run of that id, or {@code null}. */
    RunRecord find(String runId) {
        for (RunRecord run : queue) {
            if (run.id().equals(runId)) {
                return run;
            }
        }
        return null;
    }

    /** On the loop thread: takes a run out of the queue (it was cancelled). */
    void remove(RunRecord run) {
        if (queue.remove(run)) {
            places.decrementAndGet();
        }
    }

    /** On the loop thread: runs waiting in the queue. */
    int queued() {
        return queue.size();
    }
}
