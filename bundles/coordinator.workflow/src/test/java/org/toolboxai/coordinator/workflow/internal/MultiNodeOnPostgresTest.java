package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** The several-nodes tests on a real PostgreSQL 17, where row locks and SKIP LOCKED are PostgreSQL's. */
class MultiNodeOnPostgresTest extends MultiNodeTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
