package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.toolboxai.api.workflow.WorkflowException;

/**
 * The queue's capacity: at most {@code queue.capacity} runs wait, on all nodes together. Waiting
 * runs are rows in the store (any node may claim them), so each creation counts them, adding the
 * creations under way on this node that may not be stored yet: exact one after the other, never
 * over the capacity on one node however many callers there are; across nodes, creations at the
 * same instant on different nodes may each see one place left.
 */
final class Admission {

    /** Counts the runs waiting in the store. */
    @FunctionalInterface
    interface QueuedCount {
        int count() throws SQLException;
    }

    /** Creations on this node between their count and their insert. */
    private final AtomicInteger underWay = new AtomicInteger();
    /** Runs waiting on every node, as last counted; for the load report. */
    private volatile int queued;

    /**
     * Takes a queue place for a new run (any thread); {@link #done()} gives it back once the run is stored or refused.
     *
     * @throws WorkflowException QUEUE_FULL when {@code capacity} runs already wait
     * @throws SQLException      when the store cannot count
     */
    void reserve(int capacity, QueuedCount store) throws SQLException {
        int others = underWay.getAndIncrement();
        boolean full;
        try {
            queued = store.count();
            full = queued + others >= capacity;
        } catch (SQLException | RuntimeException e) {
            underWay.decrementAndGet();
            throw e;
        }
        if (full) {
            underWay.decrementAndGet();
            throw new WorkflowException(WorkflowException.Kind.QUEUE_FULL, "The workflow queue is full ("
                    + capacity + " runs wait); try again later.");
        }
    }

    /** The run that took a place is stored, or was not accepted after all (any thread). */
    void done() {
        underWay.decrementAndGet();
    }

    /** A claim counted the runs waiting on every node. */
    void counted(int queuedNow) {
        queued = queuedNow;
    }

    /** Runs waiting on every node, as last counted. */
    int queued() {
        return queued;
    }
}
