package org.toolboxai.sparc.internal;

import javax.sql.DataSource;

import org.toolboxai.testing.postgres.EmbeddedPostgres;

/** The answer log's tests again on a real PostgreSQL 17: its unique index and its SQLState. */
class AnswerLogOnPostgresTest extends AnswerLogTest {

    @Override
    DataSource newDataSource() throws Exception {
        return EmbeddedPostgres.sharedDatabase();
    }
}
