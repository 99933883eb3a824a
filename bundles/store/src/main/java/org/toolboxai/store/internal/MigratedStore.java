package org.toolboxai.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * Waits for the {@code toolbox} DataSource that pax-jdbc-config builds from
 * {@code etc/org.ops4j.datasource-toolbox.cfg}, migrates its schema with Flyway, then registers
 * the {@link Store}. A failing migration leaves the Store unregistered and says why in the log.
 */
@Component(service = Store.class)
public class MigratedStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(MigratedStore.class);

    private final DataSource dataSource;
    private final String product;
    private final String version;

    /** Migrates at activation. */
    @Activate
    public MigratedStore(@Reference(target = "(dataSourceName=toolbox)") DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.product = productOf(dataSource);
        this.version = migrate(dataSource, MigratedStore.class.getClassLoader());
        LOG.info("Toolbox store ready: {} schema version {}", product, version);
    }

    /** Runs the migrations under {@code db/migration} visible to the class loader; returns the version. */
    public static String migrate(DataSource dataSource, ClassLoader loader) {
        MigrateResult result = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("toolbox_schema_history")
                .baselineOnMigrate(false)
                .load()
                .migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion
                : Flyway.configure(loader).dataSource(dataSource).table("toolbox_schema_history")
                        .locations("classpath:db/migration").load().info().current().getVersion().getVersion();
    }

    private static String productOf(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        }
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String databaseProduct() {
        return product;
    }

    @Override
    public String schemaVersion() {
        return version;
    }
}
