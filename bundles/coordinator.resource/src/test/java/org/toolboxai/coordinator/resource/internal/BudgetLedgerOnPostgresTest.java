package org.toolboxai.coordinator.resource.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** Every budget test again on a real PostgreSQL 17, whose row locks make the conditional reservation atomic. */
class BudgetLedgerOnPostgresTest extends BudgetLedgerTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
