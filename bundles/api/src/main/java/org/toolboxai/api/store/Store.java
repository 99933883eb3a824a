package org.toolboxai.api.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The toolbox database, registered only after schema migrations have run, so a consumer that
 * references this service can rely on its tables being there.
 *
 * <p>A bundle owns its tables by naming its schema in its manifest, {@value #SCHEMA_HEADER}:
 * {@code workflow} (scripts in {@code db/workflow/}, Flyway names: {@code V1__tables.sql}), or
 * {@code workflow;location=sql/wf}. The store applies that bundle's scripts, with a history of
 * their own, whenever the bundle starts, then registers a {@code Store} for it with the service
 * property {@value #SCHEMA} set to the schema name. The bundle's components reference that one,
 * {@code @Reference(target = "(toolbox.schema=workflow)")}, so they start only once their
 * tables are there, and never on a failed migration.
 */
@ProviderType
public interface Store {

    /** The manifest header naming a bundle's schema. @since 1.1.0 */
    String SCHEMA_HEADER = "Toolbox-Schema";
    /** The service property holding the migrated schema's name. @since 1.1.0 */
    String SCHEMA = "toolbox.schema";

    /** The pooled data source. */
    DataSource dataSource();

    /** The database product, e.g. {@code H2} or {@code PostgreSQL}. */
    String databaseProduct();

    /** The version of {@link #schema()} after migration, e.g. {@code 2}; {@code 0} when it has none. */
    String schemaVersion();

    /** The schema this service was registered for, or empty for the store-wide service. @since 1.1.0 */
    String schema();

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws.
     *
     * @since 1.1.0
     */
    default <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
