package org.toolboxai.coordinator.workflow.internal;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;
import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every scheduler test again, on a real PostgreSQL 17 (a fresh database per test, one server per class). */
class SchedulerOnPostgresTest extends SchedulerTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    DataSource newDataSource() throws Exception {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(postgres.newDatabase());
        pg.setUser(postgres.user());
        return pg;
    }
}
