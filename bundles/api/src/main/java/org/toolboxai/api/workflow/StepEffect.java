package org.toolboxai.api.workflow;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/** A change to the store committed in the same transaction as the step's completion. */
@ConsumerType
@FunctionalInterface
public interface StepEffect {

    /** Applies the change; do not commit or close the connection. */
    void apply(Connection connection) throws SQLException;
}
