package org.toolboxai.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * Migrates the schema of every bundle whose manifest names one ({@value Store#SCHEMA_HEADER}),
 * when it starts, then registers a {@link Store} on that bundle's behalf with
 * {@code toolbox.schema=<name>}: its components wait for that service, so they never see a
 * half-migrated database, and it goes away with the bundle. Migrations run one at a time on a
 * thread of their own, never on the framework's event thread.
 */
@Component(service = SchemaExtender.class, immediate = true)
public class SchemaExtender {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaExtender.class);

    /**
     * What happened to one bundle's schema.
     *
     * @param schema  its name
     * @param bundle  the owning bundle's symbolic name
     * @param version the version after migration, or {@code null} while pending or after a failure
     * @param error   why it failed, or {@code null}
     */
    public record SchemaStatus(String schema, String bundle, String version, String error) {
    }

    private final DataSource dataSource;
    private final String product;
    private final ExecutorService migrations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "toolbox-store-migrations");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Owner> owners = new TreeMap<>();
    /** Bundles refused because another bundle owns the schema they name, by bundle id. */
    private final Map<Long, Owner> refused = new TreeMap<>();
    private final BundleTracker<Owner> tracker;

    /** One tracked bundle and its schema; guarded by the extender's lock. */
    private static final class Owner {
        final Bundle bundle;
        final String schema;
        final String location;
        ServiceRegistration<Store> registration;
        String version;
        String error;
        boolean gone;

        Owner(Bundle bundle, String schema, String location) {
            this.bundle = bundle;
            this.schema = schema;
            this.location = location;
        }
    }

    /** Starts tracking bundles. */
    @Activate
    public SchemaExtender(@Reference(target = "(dataSourceName=toolbox)") DataSource dataSource, BundleContext context)
            throws SQLException {
        this.dataSource = dataSource;
        this.product = MigratedStore.productOf(dataSource);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public Owner addingBundle(Bundle bundle, BundleEvent event) {
                return adding(bundle);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, Owner owner) {
                // STARTING -> ACTIVE: nothing changes for the schema
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Owner owner) {
                removed(owner);
            }
        });
        tracker.open();
    }

    /** Stops tracking; the Stores registered for bundles go. */
    @Deactivate
    void deactivate() {
        tracker.close();
        // a migration under way finishes, not interrupted: an interrupt closes H2's file mid-script,
        // after its DDL committed but before Flyway recorded it, and the next extender (the
        // DataSource came back, say) then fails on the half-applied script (seen in RuntimeIT:
        // 'Duplicate column name FAILURE_KIND' and a node that never got ready)
        migrations.shutdown();
        try {
            if (!migrations.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("A schema migration is still running after 60 s; the store stops without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Owner owner : owners.values()) {
                owner.gone = true;
                unregister(owner);
            }
            owners.clear();
        }
    }

    /** Every schema known now, by name. */
    public synchronized List<SchemaStatus> schemas() {
        return java.util.stream.Stream.concat(owners.values().stream(), refused.values().stream())
                .map(o -> new SchemaStatus(o.schema, o.bundle.getSymbolicName(), o.version, o.error)).toList();
    }

    private Owner adding(Bundle bundle) {
        String header = bundle.getHeaders("").get(Store.SCHEMA_HEADER);
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.split(";");
        String schema = parts[0].trim();
        String location = "db/" + schema;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("location")) {
                location = kv[1].trim().replaceAll("^\"|\"$", "");
            }
        }
        Owner owner = new Owner(bundle, schema, location);
        synchronized (this) {
            Owner other = owners.get(schema);
            if (other != null && other.bundle.getBundleId() != bundle.getBundleId()) {
                owner.error = "schema '" + schema + "' already belongs to " + other.bundle.getSymbolicName();
                LOG.error("Bundle {} names schema '{}', which belongs to {}: its migrations are not applied and its "
                        + "components that need the store do not start", bundle.getSymbolicName(), schema,
                        other.bundle.getSymbolicName());
                refused.put(bundle.getBundleId(), owner);
                return owner;
            }
            owners.put(schema, owner);
        }
        migrations.execute(() -> migrate(owner));
        return owner;
    }

    private void migrate(Owner owner) {
        String bsn = owner.bundle.getSymbolicName();
        try {
            List<SchemaMigrator.Script> scripts = scripts(owner.bundle, owner.location);
            long start = System.nanoTime();
            String version = SchemaMigrator.migrate(dataSource, owner.schema, scripts);
            LOG.info("Schema '{}' of {} is at version {} ({} scripts, {} ms)", owner.schema, bsn, version,
                    scripts.size(), (System.nanoTime() - start) / 1_000_000);
            synchronized (this) {
                owner.version = version;
                owner.error = null;
                if (owner.gone) {
                    return;
                }
                BundleContext context = owner.bundle.getBundleContext();
                if (context == null) {
                    return; // stopped meanwhile; the tracker removes it
                }
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(Store.SCHEMA, owner.schema);
                props.put("toolbox.schema.version", version);
                owner.registration = context.registerService(Store.class,
                        new DatabaseStore(dataSource, product, owner.schema, version), props);
            }
        } catch (RuntimeException | IOException e) {
            String reason = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            synchronized (this) {
                owner.error = reason;
            }
            LOG.error("Schema '{}' of {} could not be migrated; its components that need the store do not start",
                    owner.schema, bsn, e);
        }
    }

    private void removed(Owner owner) {
        synchronized (this) {
            refused.remove(owner.bundle.getBundleId(), owner);
            owner.gone = true;
            unregister(owner);
            if (owners.get(owner.schema) == owner) {
                owners.remove(owner.schema);
            }
        }
    }

    private static void unregister(Owner owner) {
        if (owner.registration != null) {
            try {
                owner.registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle stopped first, and the framework took its services with it
            }
            owner.registration = null;
        }
    }

    private static List<SchemaMigrator.Script> scripts(Bundle bundle, String location) throws IOException {
        var entries = bundle.findEntries(location, "*.sql", false);
        if (entries == null) {
            return List.of();
        }
        List<URL> urls = new ArrayList<>(Collections.list(entries));
        urls.sort(Comparator.comparing(URL::getPath));
        List<SchemaMigrator.Script> scripts = new ArrayList<>(urls.size());
        for (URL url : urls) {
            String path = url.getPath();
            try (InputStream in = url.openStream()) {
                scripts.add(new SchemaMigrator.Script(path.substring(path.lastIndexOf('/') + 1),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return scripts;
    }
}
