package org.toolboxai.coordinator.workflow.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcConnectionPool;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * Runs RUNS workflows of 10 trivial steps (a chain) through the persisted scheduler, with the
 * engine's default limits, on an H2 file database written like the distribution's (every commit
 * to the file). Prints completed steps per second and the scheduling overhead per step: the time
 * from one step's handler start to the next one's in the same chain (commit + dispatch, since the
 * handler does nothing).
 */
public final class WorkflowBenchmark {

    private static final String CHAIN = """
            {"name": "bench_chain", "steps": [
              {"id": "s01", "type": "bench.noop"},
              {"id": "s02", "type": "bench.noop", "depends_on": ["s01"]},
              {"id": "s03", "type": "bench.noop", "depends_on": ["s02"]},
              {"id": "s04", "type": "bench.noop", "depends_on": ["s03"]},
              {"id": "s05", "type": "bench.noop", "depends_on": ["s04"]},
              {"id": "s06", "type": "bench.noop", "depends_on": ["s05"]},
              {"id": "s07", "type": "bench.noop", "depends_on": ["s06"]},
              {"id": "s08", "type": "bench.noop", "depends_on": ["s07"]},
              {"id": "s09", "type": "bench.noop", "depends_on": ["s08"]},
              {"id": "s10", "type": "bench.noop", "depends_on": ["s09"]}]}""";

    private WorkflowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "1000"));
        int maxRunning = Integer.parseInt(System.getProperty("maxRunning", "10"));
        int workers = Integer.parseInt(System.getProperty("workers", "16"));
        Path dir = Files.createTempDirectory("toolbox-bench");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0", "sa", "");
        pool.setMaxConnections(10);
        SchemaMigrator.migrate(pool, "workflow", Scheduler.class.getClassLoader(), "db/workflow");
        TemplateRegistry templates = new TemplateRegistry(List.of(
                new TemplateRegistry.Source("bench", CHAIN.getBytes(StandardCharsets.UTF_8))));
        Scheduler scheduler = new Scheduler(new WorkflowStore(pool), templates,
                new EngineSettings(maxRunning, runs + 10, workers, 60_000, 0, 100, 1000, 30_000), (t, p) -> { }, Clock.systemUTC());
        Map<String, long[]> starts = new ConcurrentHashMap<>();
        scheduler.handlerAdded(new StepHandler() {
            @Override
            public String type() {
                return "bench.noop";
            }

            @Override
            public StepResult execute(StepContext context) {
                long[] times = starts.computeIfAbsent(context.runId(), k -> new long[10]);
                times[Integer.parseInt(context.stepId().substring(1)) - 1] = System.nanoTime();
                return StepResult.of(Map.of("ok", true));
            }
        });
        scheduler.start();

        // warm-up, not measured
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < Math.min(100, runs); i++) {
            warm.add(scheduler.create("bench_chain", Map.of(), "bench").id());
        }
        awaitAll(scheduler, warm);
        starts.clear();

        long begin = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ids.add(scheduler.create("bench_chain", Map.of(), "bench").id());
        }
        long submitted = System.nanoTime();
        awaitAll(scheduler, ids);
        long end = System.nanoTime();
        scheduler.stop();
        pool.dispose();

        double seconds = (end - begin) / 1e9;
        List<Double> overheads = new ArrayList<>();
        for (long[] t : starts.values()) {
            for (int i = 1; i < t.length; i++) {
                overheads.add((t[i] - t[i - 1]) / 1e6);
            }
        }
        double[] sorted = overheads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%n## Workflow engine benchmark%n%n");
        System.out.printf("%d runs x 10 steps (chain), %d runs at once, %d workers, H2 file database (WRITE_DELAY=0), %d CPUs%n%n",
                runs, maxRunning, workers, Runtime.getRuntime().availableProcessors());
        System.out.printf("| measure | value |%n|---|---|%n");
        System.out.printf("| wall time | %.2f s (submitting %d runs took %.2f s) |%n", seconds, runs, (submitted - begin) / 1e9);
        System.out.printf("| completed steps per second | %.0f |%n", runs * 10 / seconds);
        System.out.printf("| completed runs per second | %.1f |%n", runs / seconds);
        System.out.printf("| scheduling overhead per step p50 | %.2f ms |%n", percentile(sorted, 0.50));
        System.out.printf("| scheduling overhead per step p99 | %.2f ms |%n", percentile(sorted, 0.99));
        System.out.printf("| samples | %d |%n", sorted.length);
        deleteTree(dir);
    }

    private static void awaitAll(Scheduler scheduler, List<String> ids) throws InterruptedException {
        for (String id : ids) {
            while (true) {
                RunState state = scheduler.find(id).state();
                if (state.isFinal()) {
                    if (state != RunState.COMPLETED) {
                        throw new IllegalStateException("run " + id + " ended " + state);
                    }
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
