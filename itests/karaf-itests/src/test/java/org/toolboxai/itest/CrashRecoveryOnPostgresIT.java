package org.toolboxai.itest;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The crash test again with the store on the test JVM's throw-away PostgreSQL 17: the server
 * outlives the killed JVM, and the executions are counted in that database.
 */
public class CrashRecoveryOnPostgresIT extends CrashRecoveryIT {

    private PostgresDatabase database;

    @Override
    protected void configureStore(KarafProcess karaf) throws Exception {
        database = PostgresDatabase.create();
        karaf.storeOn(database);
    }

    @Override
    protected String databaseProduct() {
        return PostgresDatabase.PRODUCT;
    }

    @Override
    protected Connection openStore(KarafProcess karaf) throws SQLException {
        return database.connect();
    }
}
