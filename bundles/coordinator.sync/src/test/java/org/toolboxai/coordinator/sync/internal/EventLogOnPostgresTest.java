package org.toolboxai.coordinator.sync.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every event log test again on a real PostgreSQL 17 (identity, LIKE ... ESCAPE, the head row's lock across connections). */
class EventLogOnPostgresTest extends EventLogTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
