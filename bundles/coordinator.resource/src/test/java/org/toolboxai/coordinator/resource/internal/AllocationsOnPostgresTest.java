package org.toolboxai.coordinator.resource.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every allocation test again on a real PostgreSQL 17, whose row locks serialise the check and the insert. */
class AllocationsOnPostgresTest extends AllocationsTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
