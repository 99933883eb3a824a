package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every scheduler test again, on a real PostgreSQL 17 (a fresh database per test, one server per JVM). */
class SchedulerOnPostgresTest extends SchedulerTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
