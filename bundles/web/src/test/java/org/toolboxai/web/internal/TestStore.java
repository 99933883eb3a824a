package org.toolboxai.web.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.toolboxai.api.store.Store;
import org.toolboxai.store.internal.SchemaMigrator;
import org.toolboxai.testing.postgres.EmbeddedPostgres;

/**
 * This bundle's schema ({@code db/web}) migrated by the store's own migrator, as the store bundle
 * does in Karaf: on a fresh embedded H2 or on a fresh database of the shared test PostgreSQL.
 *
 * @param dataSource      the database
 * @param databaseProduct {@code H2} or {@code PostgreSQL}
 * @param schemaVersion   the schema's version after migration
 */
record TestStore(DataSource dataSource, String databaseProduct, String schemaVersion) implements Store {

    /** A fresh in-memory H2 database, kept while the JVM runs. */
    static TestStore onH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return migrated(h2, "H2");
    }

    /** A fresh database of the shared test PostgreSQL 17. */
    static TestStore onPostgres() {
        try {
            return migrated(EmbeddedPostgres.sharedDatabase(), "PostgreSQL");
        } catch (Exception e) {
            throw new IllegalStateException("no test PostgreSQL", e);
        }
    }

    private static TestStore migrated(DataSource dataSource, String product) {
        return new TestStore(dataSource, product,
                SchemaMigrator.migrate(dataSource, "web", TestStore.class.getClassLoader(), "db/web"));
    }

    @Override
    public String schema() {
        return "web";
    }
}
