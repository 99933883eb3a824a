package org.toolboxai.store.internal;

import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.clazz.NoopClassProvider;

/**
 * Applies one bundle's schema migrations with Flyway, each schema with a history table of its
 * own ({@code toolbox_schema_<name>}), so bundles migrate independently of one another and of
 * the store. Scripts follow Flyway's naming: {@code V1__what.sql}, {@code V2__more.sql}.
 */
public final class SchemaMigrator {

    /** Schema names become table names: lower-case letters, digits and underscores. */
    public static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    /**
     * One migration script.
     *
     * @param fileName e.g. {@code V1__workflows.sql}
     * @param sql      its content
     */
    public record Script(String fileName, String sql) {
    }

    private SchemaMigrator() {
    }

    /** The history table of a schema. */
    public static String historyTable(String schema) {
        return "toolbox_schema_" + schema;
    }

    /**
     * Applies what is new among the scripts; returns the schema's version afterwards.
     *
     * @throws IllegalArgumentException for a schema name that cannot be a table name
     */
    public static String migrate(DataSource dataSource, String schema, List<Script> scripts) {
        FluentConfiguration config = configure(dataSource, schema, SchemaMigrator.class.getClassLoader())
                .resourceProvider(new ScriptProvider(scripts))
                .javaMigrationClassProvider(NoopClassProvider.INSTANCE);
        return migrate(config);
    }

    /**
     * Applies the scripts under a class-path folder (for tests and tools outside OSGi, where
     * Flyway can scan the class path).
     */
    public static String migrate(DataSource dataSource, String schema, ClassLoader loader, String location) {
        return migrate(configure(dataSource, schema, loader).locations("classpath:" + location));
    }

    private static FluentConfiguration configure(DataSource dataSource, String schema, ClassLoader loader) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name '" + schema + "' must match " + SCHEMA_NAME.pattern());
        }
        // every bundle's tables share one database schema, so a bundle migrating for the first time
        // finds it non-empty: baseline its history at version 0 and apply its V1 onwards
        return Flyway.configure(loader).dataSource(dataSource).table(historyTable(schema))
                .baselineOnMigrate(true).baselineVersion("0")
                .baselineDescription("<< " + schema + " starts here >>");
    }

    /**
     * One migration at a time in this JVM: two extenders (an old one stopping while a new one
     * starts, when the DataSource is re-registered) must not apply the same scripts at once; on
     * H2 Flyway cannot lock a history table that is being created.
     */
    private static final Object ONE_AT_A_TIME = new Object();

    private static String migrate(FluentConfiguration config) {
        synchronized (ONE_AT_A_TIME) {
            for (int attempt = 1;; attempt++) {
                try {
                    Flyway flyway = config.load();
                    flyway.migrate();
                    var current = flyway.info().current();
                    MigrationVersion version = current == null ? null : current.getVersion();
                    return version == null ? "0" : version.getVersion();
                } catch (org.flywaydb.core.api.FlywayException e) {
                    // Nodes starting together on a new database: another node has just created this
                    // schema's history table and not yet written its first row ("already exists, and
                    // is empty"), which Flyway's own lock does not cover. Once it has, this node sees
                    // the history and applies nothing twice.
                    String message = String.valueOf(e.getMessage());
                    if (attempt >= CONCURRENT_START_ATTEMPTS || !message.contains(config.getTable()) || !message.contains("already exists")) {
                        throw e;
                    }
                    try {
                        Thread.sleep(500L * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /** How often a migration is tried while another node creates the same history table. */
    private static final int CONCURRENT_START_ATTEMPTS = 8;

    /** Serves the scripts to Flyway, which asks by folder prefix and suffix. */
    private static final class ScriptProvider implements ResourceProvider {

        private final List<LoadableResource> resources;

        ScriptProvider(List<Script> scripts) {
            this.resources = scripts.stream().<LoadableResource>map(ScriptResource::new).toList();
        }

        @Override
        public LoadableResource getResource(String name) {
            return resources.stream().filter(r -> r.getFilename().equals(name)).findFirst().orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return resources.stream()
                    .filter(r -> r.getFilename().startsWith(prefix))
                    .filter(r -> Arrays.stream(suffixes).anyMatch(s -> r.getFilename().toLowerCase(Locale.ROOT)
                            .endsWith(s.toLowerCase(Locale.ROOT))))
                    .toList();
        }
    }

    private static final class ScriptResource extends LoadableResource {

        private final Script script;

        ScriptResource(Script script) {
            this.script = script;
        }

        @Override
        public Reader read() {
            return new StringReader(script.sql());
        }

        @Override
        public String getAbsolutePath() {
            return script.fileName();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return script.fileName();
        }

        @Override
        public String getFilename() {
            return script.fileName();
        }

        @Override
        public String getRelativePath() {
            return script.fileName();
        }
    }
}
