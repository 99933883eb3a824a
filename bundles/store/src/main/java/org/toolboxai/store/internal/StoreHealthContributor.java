package org.toolboxai.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.store.Store;

/**
 * The database in the health report, critical: workflows and content need it. It is there as
 * soon as the store bundle runs, so a missing DataSource or a failed migration shows with its
 * reason rather than as a contributor that is simply absent: STARTING for the first
 * {@link #STARTUP_GRACE} after the bundle started, when pax-jdbc and Flyway may still be at
 * work (the node is not ready for traffic then), DOWN after that.
 */
@Component(service = HealthContributor.class, immediate = true)
public class StoreHealthContributor implements HealthContributor {

    /** Within the health aggregator's default per-contributor time-out (2 s). */
    static final int VALIDATION_SECONDS = 1;
    /**
     * How long a check waits for the database. Taking a connection from the pool may wait for
     * the pool's own time-out (10 s by default) when it is exhausted: the check stops waiting
     * earlier and says so, and a real failure shows once the pool gives up.
     */
    static final long ANSWER_MILLIS = 1500;
    static final Duration STARTUP_GRACE = Duration.ofSeconds(60);
    private static final int MAX_REASON = 200;

    private final long activatedNanos;
    private final LongSupplier nanoTime;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "toolbox-store-health");
        t.setDaemon(true);
        return t;
    });
    /** The validation under way, so a slow database is asked once, not once per health call. */
    private CompletableFuture<HealthCheck> inFlight;

    @Reference(target = "(dataSourceName=toolbox)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile DataSource dataSource;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Store store;

    private volatile Supplier<List<SchemaExtender.SchemaStatus>> schemas = List::of;

    /** The bundles' schemas, for the details and for failed migrations. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSchemas(SchemaExtender extender) {
        schemas(extender::schemas);
    }

    void schemas(Supplier<List<SchemaExtender.SchemaStatus>> source) {
        schemas = source;
    }

    void unsetSchemas(SchemaExtender extender) {
        schemas = List::of;
    }

    /** Starts the grace period. */
    public StoreHealthContributor() {
        this(System::nanoTime);
    }

    StoreHealthContributor(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.activatedNanos = nanoTime.getAsLong();
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public HealthCheck check() {
        DataSource ds = dataSource;
        if (ds == null) {
            return notYet("There is no 'toolbox' DataSource: check etc/org.ops4j.datasource-toolbox.cfg "
                    + "and the log of pax-jdbc-config.");
        }
        Store migrated = store;
        if (migrated == null) {
            return notYet("The schema migration has not completed (or failed): see the log for Flyway.");
        }
        CompletableFuture<HealthCheck> validation;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(() -> validate(migrated), checker);
            }
            validation = inFlight;
        }
        try {
            return withSchemas(validation.get(ANSWER_MILLIS, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return HealthCheck.degraded("The database did not answer within " + ANSWER_MILLIS + " ms: the connection "
                    + "pool is busy or the database is slow. A failure shows here once the pool gives up.",
                    facts(migrated));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheck.down("The check was interrupted.");
        } catch (ExecutionException e) {
            return HealthCheck.down("The check failed: " + shorten(String.valueOf(e.getCause())));
        }
    }

    /** Stops the checker thread. */
    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    private static HealthCheck validate(Store migrated) {
        Map<String, Object> details = facts(migrated);
        long start = System.nanoTime();
        try (Connection connection = migrated.dataSource().getConnection()) {
            boolean valid = connection.isValid(VALIDATION_SECONDS);
            details.put("validation_millis", (System.nanoTime() - start) / 1_000_000);
            if (!valid) {
                return new HealthCheck(HealthStatus.DOWN,
                        "The database did not confirm a connection within " + VALIDATION_SECONDS + " s.", details);
            }
            return HealthCheck.up(details);
        } catch (SQLException e) {
            return new HealthCheck(HealthStatus.DOWN,
                    "The database cannot be reached (SQL state " + e.getSQLState() + "): " + shorten(e.getMessage()), details);
        }
    }

    private static Map<String, Object> facts(Store migrated) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", migrated.databaseProduct());
        return details;
    }

    /** A reachable database with a bundle whose migration failed is DEGRADED, naming it. */
    private HealthCheck withSchemas(HealthCheck check) {
        List<SchemaExtender.SchemaStatus> known = schemas.get();
        Map<String, Object> versions = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (SchemaExtender.SchemaStatus schema : known) {
            // a bundle refused for naming another's schema comes after the owner: the owner's version stays
            versions.putIfAbsent(schema.schema(), schema.version() != null ? schema.version()
                    : schema.error() != null ? "failed" : "migrating");
            if (schema.error() != null) {
                failed.add("schema '" + schema.schema() + "' of " + schema.bundle() + ": " + shorten(schema.error()));
            }
        }
        Map<String, Object> details = new LinkedHashMap<>(check.details());
        details.put("schemas", versions);
        if (check.status() == HealthStatus.UP && !failed.isEmpty()) {
            return new HealthCheck(HealthStatus.DEGRADED, "Migrations failed, so those bundles do not start: "
                    + String.join("; ", failed), details);
        }
        return new HealthCheck(check.status(), check.message(), details);
    }

    private HealthCheck notYet(String reason) {
        if (nanoTime.getAsLong() - activatedNanos < STARTUP_GRACE.toNanos()) {
            return new HealthCheck(HealthStatus.STARTING, "The database is starting. " + reason, Map.of());
        }
        return HealthCheck.down(reason);
    }

    private static String shorten(String message) {
        if (message == null) {
            return "no message";
        }
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
    }
}
