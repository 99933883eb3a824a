package org.toolboxai.swarm.internal;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The swarm's bounded pool: a fixed number of threads and a bounded queue served priority-fair,
 * the task with the highest {@code priority + 0.1 × hours waited} first (priority 1-5, 5 the most
 * urgent), so that an old low-priority task is not starved by a stream of urgent ones. Since every
 * queued task ages at the same rate, that order is the order of {@code priority − 0.1 × hour of
 * arrival}, a key that never changes while a task waits; ties go first come, first served.
 */
final class PriorityPool {

    /** Age weight: priority points per hour waited. */
    static final double AGE_PER_HOUR = 0.1;

    private final ThreadPoolExecutor executor;
    private final int queueLimit;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    PriorityPool(int threads, int queueLimit, Clock clock) {
        this.queueLimit = queueLimit;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "toolbox-swarm-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** A task in the queue, ordered by its fair priority. */
    static final class Task<T> extends java.util.concurrent.FutureTask<T> implements Comparable<Task<?>> {
        final double key;
        final long seq;
        final CompletableFuture<T> result;

        Task(Callable<T> work, double key, long seq, CompletableFuture<T> result) {
            super(work);
            this.key = key;
            this.seq = seq;
            this.result = result;
        }

        @Override
        public int compareTo(Task<?> o) {
            int byKey = Double.compare(o.key, key);
            return byKey != 0 ? byKey : Long.compare(seq, o.seq);
        }
    }

    /** The key of a task of this priority arriving now: higher is served first. */
    double key(int priority) {
        double hours = clock.millis() / 3_600_000.0;
        return priority - AGE_PER_HOUR * hours;
    }

    /**
     * Queues work at a priority.
     *
     * @throws RejectedExecutionException when the queue is full or the pool stopped
     */
    <T> CompletableFuture<T> submit(int priority, Callable<T> work) {
        if (executor.getQueue().size() >= queueLimit) {
            refused.incrementAndGet();
            throw new RejectedExecutionException("the swarm's queue is full (" + queueLimit + " tasks wait)");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Task<T> task = new Task<>(() -> {
            try {
                T value = work.call();
                result.complete(value);
                return value;
            } catch (Throwable e) {
                result.completeExceptionally(e);
                throw e;
            }
        }, key(priority), sequence.incrementAndGet(), result);
        executor.execute(task);
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        return result;
    }

    int active() {
        return executor.getActiveCount();
    }

    int queued() {
        return executor.getQueue().size();
    }

    int threads() {
        return executor.getMaximumPoolSize();
    }

    long refused() {
        return refused.get();
    }

    /** Takes no more tasks; the queued and running ones finish. */
    void finish() {
        executor.shutdown();
    }

    /** Stops: queued tasks are dropped (their futures fail), running ones interrupted. */
    void shutdown() {
        for (Runnable r : executor.shutdownNow()) {
            if (r instanceof Task<?> t) {
                t.cancel(false);
                t.result.completeExceptionally(new RejectedExecutionException("the swarm stopped"));
            }
        }
    }
}
