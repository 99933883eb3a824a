package org.toolboxai.api.store;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work on a connection inside {@link Store#inTransaction}: do not commit, roll back or close it.
 *
 * @param <T> what the work returns
 * @since 1.1.0
 */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {

    /** Does the work. */
    T run(Connection connection) throws SQLException;
}
