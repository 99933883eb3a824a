package org.toolboxai.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * The store-wide {@link Store}: the {@code toolbox} DataSource that pax-jdbc-config builds from
 * {@code etc/org.ops4j.datasource-toolbox.cfg}, for consumers that own no tables. Bundles that
 * own tables get a Store of their own from the {@link SchemaExtender} once their migrations ran.
 */
@Component(service = Store.class)
public class MigratedStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(MigratedStore.class);

    private final DataSource dataSource;
    private final String product;

    /** Reads the database product. */
    @Activate
    public MigratedStore(@Reference(target = "(dataSourceName=toolbox)") DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        this.product = productOf(dataSource);
        LOG.info("Toolbox store ready: {}", product);
    }

    static String productOf(DataSource dataSource) throws SQLException {
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
    public String schema() {
        return "";
    }

    @Override
    public String schemaVersion() {
        return "0";
    }
}
