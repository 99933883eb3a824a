package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every StepEffectTest again, on a real PostgreSQL 17 (its statement time-outs and rollbacks are PostgreSQL's). */
class StepEffectOnPostgresTest extends StepEffectTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
