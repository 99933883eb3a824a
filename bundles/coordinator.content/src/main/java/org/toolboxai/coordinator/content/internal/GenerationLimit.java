package org.toolboxai.coordinator.content.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most N generations under way at once, without asking the store per request: a slot is
 * taken atomically before a run is created and given back when the run's final event arrives.
 * A slot is taken by compare-and-set, so N+1 concurrent requests cannot all pass a check that
 * each of them makes before any of them has created its run.
 */
final class GenerationLimit {

    /** Final events remembered for runs whose creation has not returned yet; a few are plenty. */
    private static final int EARLY_FINISHES = 256;

    private final AtomicInteger taken = new AtomicInteger();
    /** Runs holding a slot. Guarded by {@code this}, with {@link #finishedEarly}. */
    private final Set<String> underWay = new HashSet<>();
    /** Runs that finished before {@link #started} was told their id. */
    private final Set<String> finishedEarly = new LinkedHashSet<>();
    private volatile int max;

    GenerationLimit(int max) {
        this.max = max;
    }

    void setMax(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Slots taken, by runs under way and by creations in flight. */
    int taken() {
        return taken.get();
    }

    /** Takes a slot for a run about to be created, unless all are taken. */
    boolean tryTake() {
        while (true) {
            int now = taken.get();
            if (now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** The creation failed: its slot is free again. */
    void giveBack() {
        taken.decrementAndGet();
    }

    /** The run a taken slot was for now exists; its final event will give the slot back. */
    synchronized void started(String runId) {
        if (finishedEarly.remove(runId)) {
            taken.decrementAndGet();
        } else {
            underWay.add(runId);
        }
    }

    /** A run reached a final state. */
    synchronized void finished(String runId) {
        if (underWay.remove(runId)) {
            taken.decrementAndGet();
        } else if (taken.get() > underWay.size()) {
            // a creation is in flight: this may be its run, finished before create() returned
            finishedEarly.add(runId);
            if (finishedEarly.size() > EARLY_FINISHES) {
                finishedEarly.remove(finishedEarly.iterator().next());
            }
        }
    }

    /** Counts runs already under way (at start, from the store) as holding slots. */
    synchronized void alsoUnderWay(Collection<String> runIds) {
        for (String id : runIds) {
            if (underWay.add(id)) {
                taken.incrementAndGet();
            }
        }
    }

    /** The runs holding slots now. */
    synchronized Set<String> holders() {
        return new HashSet<>(underWay);
    }

    /** Frees the slots of these runs, which are not under way any more though no final event said so. */
    synchronized void missedFinishes(Collection<String> runIds) {
        for (String id : runIds) {
            if (underWay.remove(id)) {
                taken.decrementAndGet();
            }
        }
    }
}
