package org.toolboxai.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratedStoreTest {

    @TempDir
    Path dir;

    @Test
    void migrationsCreateTheWorkflowTablesOnceAndAreIdempotent() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0");
        assertThat(MigratedStore.migrate(ds, getClass().getClassLoader())).isEqualTo("1");
        // a second start finds nothing to do and reports the same version
        assertThat(MigratedStore.migrate(ds, getClass().getClassLoader())).isEqualTo("1");
        try (Connection c = ds.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, null, "WORKFLOW_STEP", null)) {
            assertThat(rs.next()).isTrue();
        }
    }
}
