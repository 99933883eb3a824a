package org.toolboxai.sparc.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** SPARC's session tests again on a real PostgreSQL 17 (a new database per test). */
class SparcServiceOnPostgresTest extends SparcServiceTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
