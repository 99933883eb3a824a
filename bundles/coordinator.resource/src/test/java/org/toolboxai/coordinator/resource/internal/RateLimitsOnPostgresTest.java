package org.toolboxai.coordinator.resource.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every rate-limit test again on a real PostgreSQL 17: the bucket rows locked with SELECT ... FOR UPDATE. */
class RateLimitsOnPostgresTest extends RateLimitsTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
