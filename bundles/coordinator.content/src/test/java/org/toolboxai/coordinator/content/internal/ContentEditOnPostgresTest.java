package org.toolboxai.coordinator.content.internal;

/** Every edit test again, with the version history on a real PostgreSQL 17. */
class ContentEditOnPostgresTest extends ContentEditTest {

    @Override
    TestStore newStore() {
        return TestStore.onPostgres();
    }
}
