package org.toolboxai.bench.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Callers that each make one operation in a loop, all at once: a warm-up that is not counted, then
 * a measured time. Each call is timed with {@link System#nanoTime()} into the caller's own
 * histogram (no shared state on the measured path); the histograms are added up at the end.
 */
final class CallerLoad {

    /** One call of a caller; what it returns is kept so the JIT cannot drop the call. */
    @FunctionalInterface
    interface Operation {
        Object call(int caller, long sequence) throws Exception;
    }

    /** What the callers did in the measured time; failed calls are counted, not timed. */
    record Result(long calls, long failures, double seconds, double meanMicros, double p50Micros, double p99Micros, double cpuSeconds,
            String firstFailure) {
        double callsPerSecond() {
            return calls / seconds;
        }

        /** CPU time of this JVM (callers, pool, GC; an embedded H2 too, not a PostgreSQL server) per call. */
        double cpuMicrosPerCall() {
            return calls == 0 ? Double.NaN : cpuSeconds * 1e6 / calls;
        }
    }

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    /** Longest call a histogram tracks: a minute (longer ones are recorded as a minute). */
    private static final long LONGEST = TimeUnit.MINUTES.toNanos(1);

    private volatile int phase = WARMUP;
    private volatile int sink;

    private CallerLoad() {
    }

    /** Runs {@code callers} threads through a warm-up and a measured time. */
    static Result run(String name, int callers, Duration warmup, Duration measured, Operation operation) throws InterruptedException {
        return new CallerLoad().load(name, callers, warmup, measured, operation);
    }

    private Result load(String name, int callers, Duration warmup, Duration measured, Operation operation) throws InterruptedException {
        List<Caller> all = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < callers; i++) {
            Caller caller = new Caller(i, operation, ready, go);
            caller.thread = new Thread(caller, "bench-" + name + "-" + i);
            caller.thread.start();
            all.add(caller);
        }
        ready.await();
        go.countDown();
        Thread.sleep(warmup.toMillis());
        long cpuBegin = processCpuNanos();
        long begin = System.nanoTime();
        phase = MEASURE;
        Thread.sleep(measured.toMillis());
        phase = STOP;
        long end = System.nanoTime();
        long cpuEnd = processCpuNanos();
        Histogram total = new Histogram(LONGEST, 3);
        long calls = 0;
        long failures = 0;
        long nanos = 0;
        String firstFailure = null;
        for (Caller c : all) {
            c.thread.join();
            total.add(c.histogram);
            calls += c.calls;
            failures += c.failures;
            nanos += c.nanos;
            if (firstFailure == null && c.firstFailure != null) {
                firstFailure = c.firstFailure.toString();
            }
        }
        return new Result(calls, failures, (end - begin) / 1e9, calls == 0 ? Double.NaN : nanos / 1e3 / calls,
                total.getValueAtPercentile(50) / 1e3, total.getValueAtPercentile(99) / 1e3, (cpuEnd - cpuBegin) / 1e9, firstFailure);
    }

    /** CPU time of the whole JVM so far, or 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private final class Caller implements Runnable {
        final int index;
        final Operation operation;
        final CountDownLatch ready;
        final CountDownLatch go;
        final Histogram histogram = new Histogram(LONGEST, 3);
        Thread thread;
        long calls;
        long failures;
        long nanos;
        Exception firstFailure;

        Caller(int index, Operation operation, CountDownLatch ready, CountDownLatch go) {
            this.index = index;
            this.operation = operation;
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            int kept = 0;
            for (long sequence = 0;; sequence++) {
                int now = phase;
                if (now == STOP) {
                    break;
                }
                long started = System.nanoTime();
                try {
                    Object result = operation.call(index, sequence);
                    long took = System.nanoTime() - started;
                    kept ^= System.identityHashCode(result);
                    if (now == MEASURE) {
                        histogram.recordValue(Math.min(took, LONGEST));
                        nanos += took;
                        calls++;
                    }
                } catch (Exception e) {
                    if (now == MEASURE) {
                        failures++;
                        if (firstFailure == null) {
                            firstFailure = e;
                        }
                    }
                }
            }
            sink ^= kept;
        }
    }
}
