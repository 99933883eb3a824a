package org.toolboxai.coordinator.error.internal;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.toolboxai.store.internal.SchemaMigrator;

/**
 * The error coordinator as its component would be activated, with the three built-in strategies,
 * without OSGi: the benchmark lives outside the bundle, so this class sits in the coordinator's
 * package (a split package, fine on a plain class path) to reach the test-visible constructor.
 * Recovery never sleeps (the waits a strategy plans are skipped) and alerts are only counted.
 */
public final class BenchmarkErrors {

    private BenchmarkErrors() {
    }

    /** Migrates the {@code error} schema (groups, samples, strategy statistics). */
    public static void migrate(DataSource dataSource) {
        SchemaMigrator.migrate(dataSource, "error", ErrorCoordinatorService.class.getClassLoader(), "db/error");
    }

    /**
     * The coordinator on a migrated database; {@code values} are configuration keys as in
     * {@code etc/org.toolboxai.coordinator.error.cfg} (dots, typed as the annotation's methods),
     * defaults for the rest; every alert raised adds one to {@code alerts}.
     */
    public static ErrorCoordinatorService coordinator(DataSource dataSource, Map<String, Object> values, LongAdder alerts) {
        ErrorConfig config = config(values);
        ErrorCoordinatorService errors = new ErrorCoordinatorService(new ErrorGroups(dataSource, config.samples_per_group()), config,
                values, Clock.systemUTC(), false);
        errors.sleeper(delay -> { });
        errors.alertSink(alert -> alerts.increment());
        errors.addStrategy(new Strategies.Retry(config), Map.of());
        errors.addStrategy(new Strategies.WaitForQuota(config), Map.of());
        errors.addStrategy(new Strategies.Fallback(config), Map.of());
        return errors;
    }

    /** Every strategy's outcomes as {@code strategy/class tried/succeeded}, for a check that recovery ran. */
    public static String strategyStats(ErrorCoordinatorService errors) {
        return errors.strategyStats().stream().map(s -> s.strategy() + "/" + s.errorClass() + " " + s.succeeded() + "/" + s.tried())
                .toList().toString();
    }

    /** The annotation as Declarative Services would make it: the given values (keys with dots), defaults for the rest. */
    private static ErrorConfig config(Map<String, Object> values) {
        return (ErrorConfig) Proxy.newProxyInstance(ErrorConfig.class.getClassLoader(), new Class<?>[] {ErrorConfig.class},
                (proxy, method, args) -> {
                    String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
                    if (values.containsKey(key)) {
                        return values.get(key);
                    }
                    if (method.getName().equals("annotationType")) {
                        return ErrorConfig.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
