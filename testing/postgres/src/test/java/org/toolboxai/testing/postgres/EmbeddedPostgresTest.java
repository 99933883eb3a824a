package org.toolboxai.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

/** The server starts from the Maven Central binaries, answers on loopback, and is gone after close. */
class EmbeddedPostgresTest {

    @Test
    void aFreshServerAnswersAndStopsWithItsData() throws Exception {
        java.nio.file.Path data;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = pg.newDatabase();
            try (Connection c = DriverManager.getConnection(url, pg.user(), "");
                    ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(170000);
            }
            assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/");
            data = pg.dataDirectory();
            assertThat(data).exists();
        }
        assertThat(data).doesNotExist();
    }
}
