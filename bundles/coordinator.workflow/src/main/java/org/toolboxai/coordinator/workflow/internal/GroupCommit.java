package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's writes, committed together: what the loop thread queued while it handled one
 * batch of events goes to the store in one transaction, and only then does what depends on it
 * happen (a completed step releases its dependents, a caller gets its answer). When the batch
 * cannot be committed, its writes are committed one by one, so one bad write (a step effect that
 * fails or overruns, say) costs only its own step's attempt; the step effect that broke the batch
 * is not applied a second time. Touched only by the loop thread.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** A write and what happens once it is committed. */
    private record Pending(WorkflowStore.Write write, Runnable afterCommit) {
    }

    private final WorkflowStore store;
    private final LongSupplier effectTimeoutMillis;
    private final BiConsumer<WorkflowStore.Write, Exception> unstored;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Runnable> answers = new ArrayList<>();

    /**
     * @param unstored told of each write that could not be committed, on its own either, and why;
     *                 its after-commit action does not run
     */
    GroupCommit(WorkflowStore store, LongSupplier effectTimeoutMillis, BiConsumer<WorkflowStore.Write, Exception> unstored) {
        this.store = store;
        this.effectTimeoutMillis = effectTimeoutMillis;
        this.unstored = unstored;
    }

    /** Queues a write with nothing to do after its commit. */
    void add(WorkflowStore.Write write) {
        add(write, () -> { });
    }

    /** Queues a write and what to do once it is committed. */
    void add(WorkflowStore.Write write, Runnable afterCommit) {
        pending.add(new Pending(write, afterCommit));
    }

    /** Runs {@code answer} once everything queued so far, and whatever that leads to, is committed. */
    void answerAfterCommit(Runnable answer) {
        answers.add(answer);
    }

    /** Commits what is queued; what the after-commit actions queue in turn goes in the next commit. */
    void flush() {
        while (!pending.isEmpty()) {
            List<Pending> batch = new ArrayList<>(pending);
            pending.clear();
            commit(batch);
        }
        if (!answers.isEmpty()) {
            List<Runnable> ready = new ArrayList<>(answers);
            answers.clear();
            ready.forEach(Runnable::run);
        }
    }

    private void commit(List<Pending> batch) {
        try {
            store.commit(batch.stream().map(Pending::write).toList(), effectTimeoutMillis.getAsLong());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Batch commit of {} writes failed ({}); committing them one by one", batch.size(), e.toString());
            WorkflowStore.Write broken = e instanceof StepEffects.EffectFailed f ? f.completion() : null;
            for (Pending p : batch) {
                if (p.write() == broken) {
                    unstored.accept(p.write(), e);
                } else {
                    commitAlone(p);
                }
            }
            return;
        }
        batch.forEach(p -> p.afterCommit().run());
    }

    private void commitAlone(Pending p) {
        try {
            store.commit(List.of(p.write()), effectTimeoutMillis.getAsLong());
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot store {}", p.write(), e);
            unstored.accept(p.write(), e);
            return;
        }
        p.afterCommit().run();
    }
}
