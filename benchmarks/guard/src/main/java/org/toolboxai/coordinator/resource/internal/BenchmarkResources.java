package org.toolboxai.coordinator.resource.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * The resource coordinator as its component would be activated, without OSGi: the benchmark lives
 * outside the bundle, so this class sits in the coordinator's package (a split package, fine on a
 * plain class path) to reach the package-private constructors, and hands out only API types.
 */
public final class BenchmarkResources {

    private BenchmarkResources() {
    }

    /** Migrates the {@code resource} schema (budgets, ledger, buckets, leases). */
    public static void migrate(DataSource dataSource) {
        SchemaMigrator.migrate(dataSource, "resource", ResourceCoordinator.class.getClassLoader(), "db/resource");
    }

    /** Sets a scope's daily budget in micro-dollars: {@code global} or {@code user:<name>}. */
    public static void budget(DataSource dataSource, String scope, long micros) throws SQLException {
        new BudgetLedger(dataSource, Clock.systemUTC()).setBudget(scope, micros, "benchmark");
    }

    /**
     * The guard on a migrated database with a configuration as in
     * {@code etc/org.toolboxai.coordinator.resource.cfg} (prices, limits); throws if any key was left out.
     */
    public static ResourceGuard guard(DataSource dataSource, Map<String, Object> config) {
        ResourceCoordinator resources = new ResourceCoordinator(new BudgetLedger(dataSource, Clock.systemUTC()),
                new RateLimits(dataSource), new Allocations(dataSource, "node"), new Monitor(Clock.systemUTC()), config);
        if (!resources.problems().isEmpty()) {
            throw new IllegalArgumentException("configuration keys left out: " + resources.problems());
        }
        return new GuardService(resources);
    }
}
