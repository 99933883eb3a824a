package org.toolboxai.coordinator.workflow.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's writes, committed together: what the loop thread queued while it handled one
 * batch of events goes to the store in one transaction, and only then does what depends on it
 * happen (a completed step releases its dependents, a caller gets its answer). When the batch
 * cannot be committed, its writes are committed one by one, so one bad write (a step effect that
 * fails or overruns, say) costs only its own step's attempt; the step effect that broke the batch
 * is not applied a second time. Each write carries the lease version its run was claimed under,
 * taken when it is queued; a run this node no longer holds loses its writes (fencing), and the
 * loop hears of it. Touched only by the loop thread.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** A write and what happens once it is committed. */
    private record Pending(WorkflowStore.Fenced fenced, Runnable afterCommit) {
        WorkflowStore.Write write() {
            return fenced.write();
        }
    }

    /** The loop's claims, made in the group commit's transaction when one is due. */
    interface Claimer {
        /** The claim due now, or {@code null}; taken, so it is not due any more. */
        WorkflowStore.ClaimRequest take();

        /** The claim taken was committed with what it took. */
        void claimed(WorkflowStore.Claims claims);

        /** The claim taken was rolled back with the batch: it is due again. */
        void notMade();
    }

    private static final Claimer NO_CLAIMS = new Claimer() {
        @Override
        public WorkflowStore.ClaimRequest take() {
            return null;
        }

        @Override
        public void claimed(WorkflowStore.Claims claims) {
        }

        @Override
        public void notMade() {
        }
    };

    private final WorkflowStore store;
    private final LongSupplier effectTimeoutMillis;
    private final Claimer claimer;
    private final ToLongFunction<String> leaseOf;
    private final BiConsumer<WorkflowStore.Write, Exception> unstored;
    private final Consumer<Set<String>> lost;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Runnable> answers = new ArrayList<>();

    /**
     * @param unstored told of each write that could not be committed, on its own either, and why;
     *                 its after-commit action does not run
     */
    GroupCommit(WorkflowStore store, LongSupplier effectTimeoutMillis, BiConsumer<WorkflowStore.Write, Exception> unstored) {
        this(store, effectTimeoutMillis, runId -> WorkflowStore.UNFENCED, unstored, runs -> { }, NO_CLAIMS);
    }

    /**
     * @param leaseOf the lease version a run's writes are fenced by, or {@link WorkflowStore#UNFENCED}
     * @param lost    told of runs whose writes were left out because this node no longer holds them
     * @param claimer the claim that rides along with a batch's transaction when one is due
     */
    GroupCommit(WorkflowStore store, LongSupplier effectTimeoutMillis, ToLongFunction<String> leaseOf,
            BiConsumer<WorkflowStore.Write, Exception> unstored, Consumer<Set<String>> lost, Claimer claimer) {
        this.claimer = claimer;
        this.store = store;
        this.effectTimeoutMillis = effectTimeoutMillis;
        this.leaseOf = leaseOf;
        this.unstored = unstored;
        this.lost = lost;
    }

    /** Queues a write with nothing to do after its commit. */
    void add(WorkflowStore.Write write) {
        add(write, () -> { });
    }

    /** Queues a write and what to do once it is committed. */
    void add(WorkflowStore.Write write, Runnable afterCommit) {
        pending.add(new Pending(new WorkflowStore.Fenced(write, leaseOf.applyAsLong(write.runId())), afterCommit));
    }

    /** Queues a write fenced by the given lease version rather than the run's current one. */
    void addFenced(WorkflowStore.Write write, long lease) {
        pending.add(new Pending(new WorkflowStore.Fenced(write, lease), () -> { }));
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
        WorkflowStore.ClaimRequest claim = claimer.take();
        WorkflowStore.Committed done;
        try {
            done = store.commitFenced(batch.stream().map(Pending::fenced).toList(), effectTimeoutMillis.getAsLong(), claim);
        } catch (SQLException | RuntimeException e) {
            if (claim != null) {
                claimer.notMade();
            }
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
        if (claim != null) {
            claimer.claimed(done.claims()); // first: the claimed runs are this node's whatever follows
        }
        committed(batch, done.lost());
    }

    private void commitAlone(Pending p) {
        Set<String> gone;
        try {
            gone = store.commitFenced(List.of(p.fenced()), effectTimeoutMillis.getAsLong(), null).lost();
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot store {}", p.write(), e);
            unstored.accept(p.write(), e);
            return;
        }
        committed(List.of(p), gone);
    }

    /** What follows the commit happens for the runs this node still holds; the others are reported lost. */
    private void committed(List<Pending> batch, Set<String> gone) {
        for (Pending p : batch) {
            if (!gone.contains(p.write().runId())) {
                p.afterCommit().run();
            }
        }
        if (!gone.isEmpty()) {
            lost.accept(gone);
        }
    }
}
