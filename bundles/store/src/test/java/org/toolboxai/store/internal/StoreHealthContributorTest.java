package org.toolboxai.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.store.Store;

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
    void whileStartingAMissingDataSourceOrStoreIsStartingNotDown() {
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(check.message()).startsWith("The database is starting.").contains("DataSource");
        contributor.dataSource = h2();
        assertThat(contributor.check().status()).isEqualTo(HealthStatus.STARTING);
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
        assertThat(check.details()).containsEntry("database", "H2").containsEntry("schemas", Map.of())
                .containsKey("validation_millis");
    }

    @Test
    void aBundleWhoseMigrationFailedMakesItDegradedNamingIt() throws SQLException {
        JdbcDataSource ds = h2();
        contributor.dataSource = ds;
        contributor.store = new MigratedStore(ds);
        contributor.schemas(() -> List.of(new SchemaExtender.SchemaStatus("workflow", "org.toolboxai.coordinator.workflow", "2", null),
                new SchemaExtender.SchemaStatus("lms", "org.example.lms", null, "FlywayException: syntax error")));
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).contains("schema 'lms' of org.example.lms").contains("syntax error");
        assertThat(check.details()).containsEntry("schemas", Map.of("workflow", "2", "lms", "failed"));

        // a second bundle naming a schema that another owns is named too, and the owner's version stays
        contributor.schemas(() -> List.of(new SchemaExtender.SchemaStatus("workflow", "org.toolboxai.coordinator.workflow", "2", null),
                new SchemaExtender.SchemaStatus("workflow", "org.example.copy", null, "schema 'workflow' already belongs to ...")));
        HealthCheck clash = contributor.check();
        assertThat(clash.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(clash.message()).contains("org.example.copy");
        assertThat(clash.details()).containsEntry("schemas", Map.of("workflow", "2"));
    }

    @Test
    void anUnreachableDatabaseIsDownWithTheSqlStateAndNoStackTrace() {
        contributor.dataSource = h2();
        contributor.store = store(new Unreachable(null));
        HealthCheck check = contributor.check();
        assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(check.message()).contains("08001").contains("Connection refused").doesNotContain("\n")
                .doesNotContain("at org.");
        assertThat(check.details()).containsEntry("database", "PostgreSQL");
    }

    @Test
    void aDatabaseThatDoesNotAnswerInTimeIsDegradedAndAskedOnlyOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Unreachable slow = new Unreachable(release);
        contributor.dataSource = h2();
        contributor.store = store(slow);
        try {
            HealthCheck first = contributor.check();
            assertThat(first.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(first.message()).contains("did not answer");
            assertThat(contributor.check().status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(slow.attempts.get()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        // once the pool gives up, the failure is what health reports
        await().atMost(Duration.ofSeconds(10)).until(() -> contributor.check().status() == HealthStatus.DOWN);
        contributor.deactivate();
    }

    private static Store store(DataSource ds) {
        return new Store() {
            @Override
            public DataSource dataSource() {
                return ds;
            }

            @Override
            public String databaseProduct() {
                return "PostgreSQL";
            }

            @Override
            public String schemaVersion() {
                return "1";
            }

            @Override
            public String schema() {
                return "";
            }
        };
    }

    private JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        return ds;
    }

    /**
     * A database that refuses every connection, as a stopped PostgreSQL server does; with a latch,
     * only once the latch opens, as a pool that waits for its connection time-out does.
     */
    private static final class Unreachable implements DataSource {
        private final CountDownLatch release;
        final AtomicInteger attempts = new AtomicInteger();

        Unreachable(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public Connection getConnection() throws SQLException {
            attempts.incrementAndGet();
            if (release != null) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
