package org.toolboxai.coordinator.content.internal;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;
import org.toolboxai.api.store.Store;

/** A real embedded H2 database with this bundle's migration applied, as the store bundle would. */
final class H2Store implements Store {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    /** A fresh in-memory database, kept while the JVM runs. */
    static H2Store migrated() {
        H2Store store = new H2Store();
        store.dataSource.setURL("jdbc:h2:mem:content-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = store.dataSource.getConnection();
                var sql = new InputStreamReader(H2Store.class.getResourceAsStream("/db/content/V1__versions.sql"),
                        StandardCharsets.UTF_8)) {
            RunScript.execute(c, sql);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("migration failed", e);
        }
        return store;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String databaseProduct() {
        return "H2";
    }

    @Override
    public String schemaVersion() {
        return "1";
    }

    @Override
    public String schema() {
        return "content";
    }
}
