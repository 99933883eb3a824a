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
 * engine's default limits, three ways: one node on an H2 file database written like the
 * distribution's (every commit to the file), one node on PostgreSQL, two nodes on PostgreSQL.
 * Prints completed steps per second and the scheduling overhead per step: the time from one
 * step's handler start to the next one's in the same chain (commit + dispatch, since the handler
 * does nothing).
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

    /** One measured configuration: where the store is and how many nodes share it. */
    private record Setup(String name, int nodes, boolean postgres) {
    }

    /** One configuration's numbers. */
    private record Result(Setup setup, double seconds, double submitSeconds, double[] overheads, Map<String, Integer> stepsByNode) {
    }

    /** Threads creating runs at once, as several teachers' requests arrive at once. */
    private static final int SUBMITTERS = Integer.getInteger("submitters", 1);

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getProperty("runs", "1000"));
        int maxRunning = Integer.parseInt(System.getProperty("maxRunning", "10"));
        int workers = Integer.parseInt(System.getProperty("workers", "16"));
        String only = System.getProperty("setups", "h2-1,pg-1,pg-2");
        List<Result> results = new ArrayList<>();
        org.toolboxai.testing.postgres.EmbeddedPostgres postgres = null;
        try {
            for (Setup setup : List.of(new Setup("h2-1", 1, false), new Setup("pg-1", 1, true), new Setup("pg-2", 2, true))) {
                if (List.of(only.split(",")).contains(setup.name())) {
                    if (setup.postgres() && postgres == null) {
                        postgres = org.toolboxai.testing.postgres.EmbeddedPostgres.start();
                    }
                    results.add(measure(setup, postgres, runs, maxRunning, workers));
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        System.out.printf("%n## Workflow engine benchmark%n%n");
        System.out.printf("%d runs x 10 steps (chain) created by %d threads, %d runs at once (across all nodes), %d workers per node, %d CPUs. "
                + "H2: file database (WRITE_DELAY=0); PostgreSQL 17: throw-away server on loopback (fsync off), "
                + "HikariCP pool of 10 per node; two nodes: two schedulers in this JVM sharing the database, runs created on both.%n%n",
                runs, SUBMITTERS, maxRunning, workers, Runtime.getRuntime().availableProcessors());
        System.out.printf("| setup | wall time | steps/s | runs/s | overhead p50 | overhead p99 | steps per node |%n");
        System.out.printf("|---|---|---|---|---|---|---|%n");
        double base = results.isEmpty() ? 1 : runs * 10 / results.get(0).seconds();
        for (Result r : results) {
            double stepsPerSecond = runs * 10 / r.seconds();
            System.out.printf("| %s | %.2f s (submit %.2f s) | %.0f (%.2fx) | %.1f | %.2f ms | %.2f ms | %s |%n", r.setup().name(),
                    r.seconds(), r.submitSeconds(), stepsPerSecond, stepsPerSecond / base, runs / r.seconds(),
                    percentile(r.overheads(), 0.50), percentile(r.overheads(), 0.99), r.stepsByNode());
        }
    }

    private static Result measure(Setup setup, org.toolboxai.testing.postgres.EmbeddedPostgres postgres, int runs, int maxRunning,
            int workers) throws Exception {
        Path dir = Files.createTempDirectory("toolbox-bench");
        javax.sql.DataSource dataSource;
        AutoCloseable close;
        if (setup.postgres()) {
            com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
            pool.setJdbcUrl(postgres.newDatabase());
            pool.setUsername(postgres.user());
            pool.setMaximumPoolSize(10 * setup.nodes());
            dataSource = pool;
            close = pool;
        } else {
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0", "sa", "");
            pool.setMaxConnections(10);
            dataSource = pool;
            close = pool::dispose;
        }
        SchemaMigrator.migrate(dataSource, "workflow", Scheduler.class.getClassLoader(), "db/workflow");
        TemplateRegistry templates = new TemplateRegistry(List.of(
                new TemplateRegistry.Source("bench", CHAIN.getBytes(StandardCharsets.UTF_8))));
        Map<String, long[]> starts = new ConcurrentHashMap<>();
        Map<String, java.util.concurrent.atomic.AtomicInteger> stepsByNode = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<Scheduler> nodes = new ArrayList<>();
        for (int n = 1; n <= setup.nodes(); n++) {
            String nodeId = "node-" + n;
            Scheduler scheduler = new Scheduler(new WorkflowStore(dataSource, nodeId), new NodeTable(dataSource, nodeId, "bench"),
                    templates, new EngineSettings(maxRunning, runs + 10, workers, 60_000, 0, 100, 1000, 30_000),
                    (t, p) -> { }, Clock.systemUTC());
            scheduler.handlerAdded(new StepHandler() {
                @Override
                public String type() {
                    return "bench.noop";
                }

                @Override
                public StepResult execute(StepContext context) {
                    long[] times = starts.computeIfAbsent(context.runId(), k -> new long[10]);
                    times[Integer.parseInt(context.stepId().substring(1)) - 1] = System.nanoTime();
                    stepsByNode.computeIfAbsent(nodeId, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    return StepResult.of(Map.of("ok", true));
                }
            });
            scheduler.start();
            nodes.add(scheduler);
        }

        // warm-up, not measured
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < Math.min(100, runs); i++) {
            warm.add(nodes.get(i % nodes.size()).create("bench_chain", Map.of(), "bench").id());
        }
        awaitAll(nodes.get(0), warm);
        starts.clear();
        stepsByNode.clear();

        long begin = System.nanoTime();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService submit = java.util.concurrent.Executors.newFixedThreadPool(SUBMITTERS);
        for (int i = 0; i < runs; i++) {
            Scheduler node = nodes.get(i % nodes.size());
            submit.execute(() -> ids.add(node.create("bench_chain", Map.of(), "bench").id()));
        }
        submit.shutdown();
        submit.awaitTermination(10, TimeUnit.MINUTES);
        long submitted = System.nanoTime();
        awaitAll(nodes.get(0), ids);
        long end = System.nanoTime();
        nodes.forEach(Scheduler::stop);
        close.close();
        deleteTree(dir);

        List<Double> overheads = new ArrayList<>();
        for (long[] t : starts.values()) {
            for (int i = 1; i < t.length; i++) {
                overheads.add((t[i] - t[i - 1]) / 1e6);
            }
        }
        Map<String, Integer> perNode = new java.util.TreeMap<>();
        stepsByNode.forEach((k, v) -> perNode.put(k, v.get()));
        return new Result(setup, (end - begin) / 1e9, (submitted - begin) / 1e9,
                overheads.stream().mapToDouble(Double::doubleValue).sorted().toArray(), perNode);
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
