package org.toolboxai.coordinator.resource.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

/**
 * Bucket4j buckets in the table {@code resource_bucket}, with portable SQL: Bucket4j's own
 * PostgreSQL proxy manager uses {@code INSERT ... ON CONFLICT}, which H2 does not know. Each
 * command is one transaction on a connection of its own, taken from the pool for the command and
 * given back at once (never held while a caller waits for tokens): the row is locked with
 * {@code SELECT ... FOR UPDATE}, the command runs on its state, the new state is written back.
 */
final class JdbcBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {

    /** SQLState of a duplicate key, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    JdbcBuckets(DataSource dataSource, ClientSideConfig config) {
        super(config);
        this.dataSource = dataSource;
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        try {
            return new Transaction(key, dataSource.getConnection(), timeoutNanos);
        } catch (SQLException e) {
            throw BucketExceptions.from(e);
        }
    }

    @Override
    public void removeProxy(String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM resource_bucket WHERE id = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw BucketExceptions.from(e);
        }
    }

    private final class Transaction implements SelectForUpdateBasedTransaction {
        private final String key;
        private final Connection connection;
        private final Optional<Long> timeoutNanos;

        Transaction(String key, Connection connection, Optional<Long> timeoutNanos) {
            this.key = key;
            this.connection = connection;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void begin(Optional<Long> timeout) {
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT state FROM resource_bucket WHERE id = ? FOR UPDATE")) {
                applyTimeout(ps, timeout.or(() -> timeoutNanos));
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    // a row with no state yet is locked all the same: Bucket4j initialises it
                    return rs.next() ? LockAndGetResult.locked(rs.getBytes(1)) : LockAndGetResult.notLocked();
                }
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public boolean tryInsertEmptyData(Optional<Long> timeout) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO resource_bucket (id, state) VALUES (?, NULL)")) {
                applyTimeout(ps, timeout.or(() -> timeoutNanos));
                ps.setString(1, key);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    // another node made the row first: the caller rolls back and locks that row
                    return false;
                }
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeout) {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE resource_bucket SET state = ? WHERE id = ?")) {
                applyTimeout(ps, timeout.or(() -> timeoutNanos));
                ps.setBytes(1, data);
                ps.setString(2, key);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public void commit(Optional<Long> timeout) {
            try {
                connection.commit();
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public void rollback() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }

        @Override
        public void release() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw BucketExceptions.from(e);
            }
        }
    }
}
