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

/**
 * A real database with this bundle's migration applied, as the store bundle would: embedded H2
 * (the default) or a fresh database of the shared test PostgreSQL.
 */
final class TestStore implements Store {

    private final DataSource dataSource;
    private final String product;

    private TestStore(DataSource dataSource, String product) {
        this.dataSource = dataSource;
        this.product = product;
    }

    /** A fresh PostgreSQL database of the shared test server, migrated. */
    static TestStore onPostgres() {
        try {
            TestStore store = new TestStore(org.toolboxai.testing.postgres.EmbeddedPostgres.sharedDatabase(), "PostgreSQL");
            String sql = new String(TestStore.class.getResourceAsStream("/db/content/V1__versions.sql").readAllBytes(),
                    StandardCharsets.UTF_8);
            try (Connection c = store.dataSource.getConnection(); var statement = c.createStatement()) {
                for (String part : sql.replaceAll("(?m)^--.*$", "").split(";")) {
                    if (!part.isBlank()) {
                        statement.execute(part);
                    }
                }
            }
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("migration failed", e);
        }
    }

    /** A fresh in-memory database, kept while the JVM runs. */
    static TestStore migrated() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:content-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TestStore store = new TestStore(h2, "H2");
        try (Connection c = store.dataSource.getConnection();
                var sql = new InputStreamReader(TestStore.class.getResourceAsStream("/db/content/V1__versions.sql"),
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
        return product;
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
