package org.toolboxai.web.internal;

/** Every upgrade test again, onto a real PostgreSQL 17. */
class LegacyTokenImportOnPostgresTest extends LegacyTokenImportTest {

    @Override
    TestStore newStore() {
        return TestStore.onPostgres();
    }
}
