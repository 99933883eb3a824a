package org.toolboxai.coordinator.workflow.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.toolboxai.api.workflow.WorkflowException;

/**
 * The queue's capacity: at most {@code queue.capacity} runs wait, on all nodes together. Waiting
 * runs are rows in the store (any node may claim them); this counts them as the last claim saw
 * them, plus the runs accepted on this node since (on the caller's thread, before they are
 * stored), so the capacity holds on one node even while accepted runs are on their way to the
 * loop thread. Across nodes it holds as of each node's last claim (at most a poll interval old).
 */
final class Admission {

    /** Runs accepted on this node that no claim has counted yet. */
    private final AtomicInteger accepted = new AtomicInteger();
    /** Runs waiting on every node, as the last claim counted them. */
    private volatile int queued;
    /** Touched only by the loop thread: accepted runs the loop has seen stored. */
    private int stored;

    /**
     * Takes a queue place for a new run (any thread).
     *
     * @throws WorkflowException QUEUE_FULL when {@code capacity} runs already wait
     */
    void reserve(int capacity) {
        if (queued + accepted.incrementAndGet() > capacity) {
            accepted.decrementAndGet();
            throw new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "The workflow queue is full ("
                    + capacity + " runs wait); try again later.");
        }
    }

    /** Gives back a place taken for a run that was not accepted after all (any thread). */
    void unreserve() {
        accepted.decrementAndGet();
    }

    /** On the loop thread: an accepted run is stored, so the next claim counts it. */
    void stored() {
        stored++;
    }

    /** On the loop thread: a claim counted {@code queuedNow} waiting runs, the stored ones among them. */
    void counted(int queuedNow) {
        queued = queuedNow;
        accepted.addAndGet(-stored);
        stored = 0;
    }

    /** Runs waiting on every node, as the last claim counted them. */
    int queued() {
        return queued;
    }
}
