package org.toolboxai.web.internal;

/** Every token service test again, on a real PostgreSQL 17. */
class JdbcApiTokenServiceOnPostgresTest extends JdbcApiTokenServiceTest {

    @Override
    TestStore newStore() {
        return TestStore.onPostgres();
    }
}
