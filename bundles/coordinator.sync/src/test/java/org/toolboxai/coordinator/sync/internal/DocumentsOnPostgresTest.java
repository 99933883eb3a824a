package org.toolboxai.coordinator.sync.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every document test again on a real PostgreSQL 17 (row locks, a failed insert ending its transaction). */
class DocumentsOnPostgresTest extends DocumentsTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
