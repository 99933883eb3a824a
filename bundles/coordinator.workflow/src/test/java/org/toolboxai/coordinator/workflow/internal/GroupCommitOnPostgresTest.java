package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every GroupCommitTest again, on a real PostgreSQL 17 (its statement time-outs and rollbacks are PostgreSQL's). */
class GroupCommitOnPostgresTest extends GroupCommitTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
