package org.toolboxai.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthStatus;

class StoreHealthContributorTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong();
    private final StoreHealthContributor contributor = new StoreHealthContributor(now::get);

    private void afterTheGracePeriod() {
        now.addAndGet(StoreHealthContributor.STARTUP_GRACE.toNanos() + 1);
    }

    @Test
    void isCriticalAndNamedStore() {
        assertThat(contributor.name()).isEqualTo("store");
        assertThat(contributor.critical()).isTrue();
    }

    @Test
    void whileStartingAMissingDataSourceOrStoreIsOnlyDegraded() {
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).startsWith("The database is starting.").contains("DataSource");
        contributor.dataSource = h2();
        assertThat(contributor.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void withoutDataSourceItIsDownAndSaysWhereToLook() {
        afterTheGracePeriod();
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(check.message()).contains("etc/org.ops4j.datasource-toolbox.cfg");
    }

    @Test
    void withDataSourceButNoMigratedStoreItIsDown() {
        afterTheGracePeriod();
        contributor.dataSource = h2();
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(check.message()).contains("migration");
    }

    @Test
    void aMigratedReachableDatabaseIsUpWithProductAndSchemaVersion() throws SQLException {
        JdbcDataSource ds = h2();
        contributor.dataSource = ds;
        contributor.store = new MigratedStore(ds);
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.UP);
        assertThat(check.details()).containsEntry("database", "H2").containsEntry("schema_version", "1")
                .containsKey("validation_millis");
    }

    @Test
    void anUnreachableDatabaseIsDownWithTheSqlStateAndNoStackTrace() throws SQLException {
        JdbcDataSource ds = h2();
        contributor.store = new MigratedStore(ds);
        contributor.dataSource = new Unreachable();
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(check.message()).contains("08001").contains("Connection refused").doesNotContain("\n")
                .doesNotContain("at org.");
        assertThat(check.details()).containsEntry("database", "H2");
    }

    private JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        return ds;
    }

    /** A database that refuses every connection, as a stopped PostgreSQL server does. */
    private static final class Unreachable implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused.\nCheck that the hostname and port are correct", "08001");
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
