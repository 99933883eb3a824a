package org.toolboxai.web.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.toolboxai.api.store.Store;

/**
 * The SQL of the tables {@code api_token} and {@code api_token_once} ({@code db/web/V1__api_tokens.sql}).
 * Every node reads the rows themselves, never a copy, so a revocation on one node is seen by all
 * of them at their next request. What a token may be is {@link JdbcApiTokenService}'s business.
 */
final class TokenTable {

    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "sha256, id, name, role, created_at, last_used_at";

    private final Store store;

    TokenTable(Store store) {
        this.store = store;
    }

    /** The token of a secret's hash: one primary-key lookup, the work of every Bearer request. */
    Optional<StoredToken> byHash(String sha256) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            return first(ps);
        }
    }

    /** The token with this id or name. */
    Optional<StoredToken> byIdOrName(Connection c, String idOrName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE id = ? OR name = ?")) {
            ps.setString(1, idOrName);
            ps.setString(2, idOrName);
            return first(ps);
        }
    }

    /** Every token, ordered by name. */
    List<StoredToken> byName() throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            List<StoredToken> tokens = new ArrayList<>();
            while (rs.next()) {
                tokens.add(token(rs));
            }
            return tokens;
        }
    }

    /** Whether no token is stored. */
    boolean isEmpty(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_token"); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) == 0;
        }
    }

    /** Stores a token; a {@value #UNIQUE_VIOLATION} when its hash, id or name is taken. */
    void insert(Connection c, StoredToken token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, token.sha256());
            ps.setString(2, token.id());
            ps.setString(3, token.name());
            ps.setString(4, token.role());
            ps.setLong(5, token.createdAt().toEpochMilli());
            if (token.lastUsedAt() == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, token.lastUsedAt().toEpochMilli());
            }
            ps.executeUpdate();
        }
    }

    /** Deletes a token; whether it was there. */
    boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_token WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Records a use at {@code now}, unless the recorded one (of any node) is later than
     * {@code olderThan}: last use only moves forward, and is written at most once an interval.
     */
    boolean recordUse(String sha256, long now, long olderThan) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE api_token SET last_used_at = ? WHERE sha256 = ?"
                        + " AND (last_used_at IS NULL OR last_used_at <= ?)")) {
            ps.setLong(1, now);
            ps.setString(2, sha256);
            ps.setLong(3, olderThan);
            return ps.executeUpdate() > 0;
        }
    }

    /** Whether a once-per-database event happened. */
    boolean happened(Connection c, String event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM api_token_once WHERE event = ?")) {
            ps.setString(1, event);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Claims a once-per-database event for this transaction: a {@value #UNIQUE_VIOLATION} when
     * another node (or an earlier start) claimed it. On PostgreSQL that failure ends the
     * transaction, so it comes first in it; a concurrent claim waits for this one's commit.
     */
    void claim(Connection c, String event, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token_once (event, happened_at) VALUES (?, ?)")) {
            ps.setString(1, event);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    private static Optional<StoredToken> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(token(rs)) : Optional.empty();
        }
    }

    private static StoredToken token(ResultSet rs) throws SQLException {
        long lastUsed = rs.getLong(6);
        Instant lastUsedAt = rs.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
        return new StoredToken(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(5)), lastUsedAt);
    }
}
