package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** The branch tests again, on a real PostgreSQL 17: the reopening transaction locks the run's row there too. */
class BranchOnPostgresTest extends BranchTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
