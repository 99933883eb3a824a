package org.toolboxai.api.workflow;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A change to the store committed in the same transaction as the step's completion. It runs on
 * the engine's commit path, so it is bounded: its statements time out when the step's effects
 * overrun the engine's {@code effect.timeout.seconds}, and a failing or overrunning effect fails
 * the step's attempt (the step's other writes are not lost; the others of the batch commit).
 */
@ConsumerType
@FunctionalInterface
public interface StepEffect {

    /** Applies the change; the connection refuses commit, rollback, close and auto-commit changes. */
    void apply(Connection connection) throws SQLException;
}
