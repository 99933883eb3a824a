package org.toolboxai.bench.guard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.ModelUsage;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.coordinator.error.internal.BenchmarkErrors;
import org.toolboxai.coordinator.error.internal.ErrorCoordinatorService;
import org.toolboxai.coordinator.resource.internal.BenchmarkResources;
import org.toolboxai.testing.postgres.EmbeddedPostgres;

/**
 * The cost of guarding one model call, per call, at 1, 10 and 100 callers at once, on an H2 file
 * database and on PostgreSQL. Five calls are timed; the provider is a no-op lambda throughout:
 * <ul>
 * <li>{@code bare}: the provider alone (the baseline);</li>
 * <li>{@code recovery}: the error coordinator's recovery wrapper alone (circuit breaker, no store);</li>
 * <li>{@code permit}: the resource coordinator alone (rate limit token from the Bucket4j row, budget
 * reservation on the global and the user's spend rows, settle: spend rows and a ledger row);</li>
 * <li>{@code guarded}: a permit inside the recovery wrapper, as a provider call is made;</li>
 * <li>{@code error}: the same, but the first attempt fails with a typed transient failure (its
 * permit is released, the failure classified and grouped in the store), the retry strategy is
 * chosen and the second attempt succeeds; the strategy's outcome is counted in the store.</li>
 * </ul>
 * Prints calls per second, mean, p50 and p99 microseconds, and the mean overhead over {@code bare}.
 */
public final class GuardBenchmark {

    private static final String SERVICE = "openai";
    private static final ModelUsage ESTIMATE = new ModelUsage("gpt-4o-mini", 2000, 4096);
    private static final ModelUsage USED = new ModelUsage("gpt-4o-mini", 1000, 500);
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final int USERS = 20;
    private static final List<CallContext> CONTEXTS = new ArrayList<>();
    /** The model provider: does nothing. */
    private static final RemoteCall<String> PROVIDER = (service, attempt) -> service;

    static {
        for (int u = 0; u < USERS; u++) {
            CONTEXTS.add(new CallContext("agents", "quiz", SERVICE, "user-" + u, null, null, null));
        }
    }

    /** One measured database. */
    private record Setup(String name, boolean postgres) {
    }

    /** One row of the table. */
    private record Row(String setup, int callers, String call, CallerLoad.Result result) {
    }

    private GuardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        List<String> setups = List.of(System.getProperty("setups", "h2-1,pg-1").split(","));
        List<Integer> callers = List.of(System.getProperty("callers", "1,10,100").split(",")).stream().map(Integer::valueOf).toList();
        List<String> calls = List.of(System.getProperty("calls", "bare,recovery,permit,guarded,error").split(","));
        Duration warmup = Duration.ofMillis((long) (Double.parseDouble(System.getProperty("warmup", "2")) * 1000));
        Duration measured = Duration.ofMillis((long) (Double.parseDouble(System.getProperty("seconds", "3")) * 1000));

        List<Row> rows = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        try {
            // h2-mem only when asked for: H2 without its file, to tell the engine's work from the commits' writes
            for (Setup setup : List.of(new Setup("h2-1", false), new Setup("h2-mem", false), new Setup("pg-1", true))) {
                if (!setups.contains(setup.name())) {
                    continue;
                }
                if (setup.postgres() && postgres == null) {
                    postgres = EmbeddedPostgres.start();
                }
                measure(setup, postgres, callers, calls, warmup, measured, rows, checks);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        print(rows, checks, warmup, measured);
    }

    private static void measure(Setup setup, EmbeddedPostgres postgres, List<Integer> callers, List<String> calls, Duration warmup,
            Duration measured, List<Row> rows, List<String> checks) throws Exception {
        Path dir = Files.createTempDirectory("toolbox-bench-guard");
        String url = setup.postgres() ? postgres.newDatabase()
                : setup.name().equals("h2-mem") ? "jdbc:h2:mem:bench-guard;DB_CLOSE_DELAY=-1"
                : "jdbc:h2:file:" + dir.resolve("store") + ";WRITE_DELAY=0";
        String user = setup.postgres() ? postgres.user() : "sa";
        try (HikariDataSource pool = pool(url, user, 4)) { // Flyway holds two connections
            BenchmarkResources.migrate(pool);
            BenchmarkErrors.migrate(pool);
            BenchmarkResources.budget(pool, "global", 1_000_000_000_000L); // $1,000,000 a day: never refuses
            for (int u = 0; u < USERS; u++) {
                BenchmarkResources.budget(pool, "user:user-" + u, 100_000_000_000L);
            }
        }
        for (int n : callers) {
            // a pool as large as the callers: each call holds at most one connection at a time, so none waits for the pool
            try (HikariDataSource pool = pool(url, user, n)) {
                ResourceGuard guard = BenchmarkResources.guard(pool, resourceConfig());
                LongAdder alerts = new LongAdder();
                ErrorCoordinatorService errors = BenchmarkErrors.coordinator(pool, errorConfig(), alerts);
                for (String call : calls) {
                    CallerLoad.Operation operation = operation(call, guard, errors);
                    System.err.printf("[bench] %s, %d caller(s): %s%n", setup.name(), n, call);
                    rows.add(new Row(setup.name(), n, call, CallerLoad.run(call, n, warmup, measured, operation)));
                }
                checks.add(setup.name() + ", " + n + " caller(s): " + storeCheck(pool) + "; strategies " + BenchmarkErrors.strategyStats(errors)
                        + "; circuits " + errors.breakers().circuits().stream().map(c -> c.service() + " " + c.state()).toList()
                        + "; alerts " + alerts.sum());
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static HikariDataSource pool(String url, String user, int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword("");
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(size);
        pool.setPoolName("bench-" + size);
        return pool;
    }

    /** A price for the model, a per-minute limit that never refuses. */
    private static Map<String, Object> resourceConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("price.openai.gpt-4o-mini.input", "0.15");
        config.put("price.openai.gpt-4o-mini.output", "0.60");
        config.put("service.openai.per.minute", "100000000");
        return config;
    }

    /**
     * The defaults, except the circuit: with the default window (10 calls, opening at 50 %) a
     * workload where every call fails once and then succeeds fails half its attempts and would
     * open the circuit, after which calls go to the fallback instead of being retried.
     */
    private static Map<String, Object> errorConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (Boolean.getBoolean("defaultCircuit")) {
            return config; // to see it open: -DdefaultCircuit=true
        }
        config.put("circuit.failure.rate", 100);
        config.put("circuit.window", 1000);
        config.put("circuit.minimum.calls", 1000);
        return config;
    }

    private static CallerLoad.Operation operation(String call, ResourceGuard guard, ErrorCoordinator errors) {
        return switch (call) {
            case "bare" -> (caller, seq) -> PROVIDER.call(SERVICE, 1);
            case "recovery" -> (caller, seq) -> expect(errors.call(context(caller, seq), PROVIDER), 1);
            case "permit" -> (caller, seq) -> permitted(guard, context(caller, seq), SERVICE, 1, false);
            case "guarded" -> (caller, seq) -> {
                CallContext context = context(caller, seq);
                return expect(errors.call(context, (service, attempt) -> permitted(guard, context, service, attempt, false)), 1);
            };
            case "error" -> (caller, seq) -> {
                CallContext context = context(caller, seq);
                return expect(errors.call(context, (service, attempt) -> permitted(guard, context, service, attempt, true)), 2);
            };
            default -> throw new IllegalArgumentException(call + ": not bare, recovery, permit, guarded or error");
        };
    }

    /** The callers spread over the users, so both the global and the users' budgets are reserved against. */
    private static CallContext context(int caller, long sequence) {
        return CONTEXTS.get((int) ((caller + sequence) % USERS));
    }

    /** A provider call under a permit; with {@code failFirst} the first attempt fails after its permit was granted. */
    private static String permitted(ResourceGuard guard, CallContext context, String service, int attempt, boolean failFirst)
            throws Exception {
        CallContext call = service.equals(context.service()) ? context : context.withService(service);
        try (Permit permit = guard.acquire(call, ESTIMATE, MAX_WAIT)) {
            if (failFirst && attempt == 1) {
                throw FailureException.temporary(service + ": connection reset by peer");
            }
            permit.settle(USED);
            return PROVIDER.call(service, attempt);
        }
    }

    /** The answer, checked: from the service asked for, after the expected attempts (no fallback, no fail-fast). */
    private static String expect(Recovered<String> recovered, int attempts) {
        if (recovered.attempts() != attempts || !SERVICE.equals(recovered.service())) {
            throw new IllegalStateException("expected " + attempts + " attempt(s) on " + SERVICE + ", got " + recovered);
        }
        return recovered.value();
    }

    /** What the store holds after a run: ledger rows by outcome, and the error groups' counts. */
    private static String storeCheck(DataSource dataSource) throws SQLException {
        StringBuilder out = new StringBuilder("ledger");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT outcome, COUNT(*) FROM resource_ledger GROUP BY outcome ORDER BY outcome")) {
                while (rs.next()) {
                    out.append(' ').append(rs.getString(1)).append(' ').append(rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT error_class, occurrences, recovery_attempts, recovered FROM error_group")) {
                while (rs.next()) {
                    out.append("; group ").append(rs.getString(1)).append(" occurrences ").append(rs.getLong(2))
                            .append(", recovered ").append(rs.getLong(4)).append('/').append(rs.getLong(3));
                }
            }
        }
        return out.toString();
    }

    private static void print(List<Row> rows, List<String> checks, Duration warmup, Duration measured) {
        System.out.printf("%n## Guarded call benchmark%n%n");
        System.out.printf("Each caller calls in a loop: %.1f s warm-up, then %.1f s measured; %d CPUs, %s. "
                + "H2: file database (WRITE_DELAY=0); PostgreSQL 17: throw-away server on loopback (fsync off). "
                + "HikariCP pool of as many connections as callers. %d users, a global and a per-user budget; "
                + "one Bucket4j row for the service's per-minute limit.%n%n",
                warmup.toMillis() / 1000.0, measured.toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(),
                "Java " + System.getProperty("java.version"), USERS);
        System.out.printf("| setup | callers | call | calls/s | mean µs | p50 µs | p99 µs | overhead µs (mean - bare) | JVM CPU µs/call | failed |%n");
        System.out.printf("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|%n");
        for (Row r : rows) {
            CallerLoad.Result bare = rows.stream().filter(o -> o.setup().equals(r.setup()) && o.callers() == r.callers()
                    && o.call().equals("bare")).map(Row::result).findFirst().orElse(null);
            String overhead = bare == null || r.call().equals("bare") ? "" : String.format("%.1f", r.result().meanMicros() - bare.meanMicros());
            System.out.printf("| %s | %d | %s | %.0f | %.2f | %.2f | %.2f | %s | %.2f | %d |%n", r.setup(), r.callers(), r.call(),
                    r.result().callsPerSecond(), r.result().meanMicros(), r.result().p50Micros(), r.result().p99Micros(), overhead,
                    r.result().cpuMicrosPerCall(), r.result().failures());
        }
        System.out.printf("%nChecks (cumulative per setup):%n%n");
        checks.forEach(c -> System.out.printf("- %s%n", c));
        rows.stream().filter(r -> r.result().firstFailure() != null).forEach(r -> System.out.printf("- first failure of %s, %d, %s: %s%n",
                r.setup(), r.callers(), r.call(), r.result().firstFailure()));
    }
}
