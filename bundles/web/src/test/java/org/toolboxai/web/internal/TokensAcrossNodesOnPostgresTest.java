package org.toolboxai.web.internal;

/** Several nodes on one real PostgreSQL 17, the way a cluster shares it. */
class TokensAcrossNodesOnPostgresTest extends TokensAcrossNodesTest {

    @Override
    TestStore newStore() {
        return TestStore.onPostgres();
    }
}
