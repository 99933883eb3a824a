package org.toolboxai.itest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The edit of a package again (its versions are rows of the store), on the test JVM's throw-away PostgreSQL 17. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContentEditOnPostgresIT extends ContentEditIT {

    @Override
    @Configuration
    public Option[] config() {
        return PostgresDatabase.storeOnPostgres(super.config());
    }

    @Test
    public void theStoreRunsOnPostgreSQL() throws Exception {
        assertStoreRunsOn(PostgresDatabase.PRODUCT);
    }
}
