package org.toolboxai.lms.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;

/** The LMS bundle's rows: sealed credentials, and pushes with their progress and result. */
final class LmsStore {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final DataSource dataSource;

    LmsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // --- credentials ---

    void putCredential(String owner, String provider, String field, CredentialCipher.Sealed sealed, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM lms_credential WHERE owner = ? AND provider = ? AND field = ?");
                    PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO lms_credential (owner, provider, field, nonce, secret, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                del.setString(1, owner);
                del.setString(2, provider);
                del.setString(3, field);
                del.executeUpdate();
                ins.setString(1, owner);
                ins.setString(2, provider);
                ins.setString(3, field);
                ins.setString(4, sealed.nonce());
                ins.setString(5, sealed.secret());
                ins.setLong(6, now);
                ins.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    Optional<CredentialCipher.Sealed> credential(String owner, String provider, String field) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT nonce, secret FROM lms_credential WHERE owner = ? AND provider = ? AND field = ?")) {
            s.setString(1, owner);
            s.setString(2, provider);
            s.setString(3, field);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new CredentialCipher.Sealed(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** The fields the owner has stored for the provider, by name. */
    List<String> credentialFields(String owner, String provider) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT field FROM lms_credential WHERE owner = ? AND provider = ? ORDER BY field")) {
            s.setString(1, owner);
            s.setString(2, provider);
            List<String> fields = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fields.add(rs.getString(1));
                }
            }
            return fields;
        }
    }

    int deleteCredentials(String owner, String provider) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM lms_credential WHERE owner = ? AND provider = ?")) {
            s.setString(1, owner);
            s.setString(2, provider);
            return s.executeUpdate();
        }
    }

    // --- pushes ---

    void insertPush(PushView p) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO lms_push (id, owner, provider,"
                + " content_id, kind, target_course, target_section, state, done, total, doing, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)")) {
            s.setString(1, p.id());
            s.setString(2, p.owner());
            s.setString(3, p.provider());
            s.setString(4, p.contentId());
            s.setString(5, p.kind());
            s.setString(6, p.target().course());
            s.setString(7, p.target().section());
            s.setString(8, p.state());
            s.setString(9, p.progress().doing());
            s.setLong(10, p.createdAt().toEpochMilli());
            s.setLong(11, p.updatedAt().toEpochMilli());
            s.executeUpdate();
        }
    }

    void progress(String id, String state, int done, int total, String doing, long now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lms_push SET state = ?, done = ?, total = ?, doing = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, state);
            s.setInt(2, done);
            s.setInt(3, total);
            s.setString(4, shorten(doing, 500));
            s.setLong(5, now);
            s.setString(6, id);
            s.executeUpdate();
        }
    }

    void finish(String id, LmsPushResult result, String error, String failureKind, long now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lms_push SET state = ?, result = ?, error = ?, failure_kind = ?, doing = NULL, updated_at = ?,"
                        + " done = CASE WHEN ? THEN total ELSE done END WHERE id = ?")) {
            s.setString(1, error == null ? PushView.COMPLETED : PushView.FAILED);
            s.setString(2, result == null ? null : json(result));
            s.setString(3, shorten(error, 4000));
            s.setString(4, failureKind);
            s.setLong(5, now);
            s.setBoolean(6, error == null);
            s.setString(7, id);
            s.executeUpdate();
        }
    }

    /** Touches pushes under way on this node, so nobody takes them for interrupted. */
    void touch(List<String> ids, long now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lms_push SET updated_at = ? WHERE id = ? AND state IN ('queued', 'running')")) {
            for (String id : ids) {
                s.setLong(1, now);
                s.setString(2, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Pushes left queued or running by a server that stopped (none moved for {@code staleBefore}): failed, saying why. */
    int failInterrupted(long staleBefore, long now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE lms_push SET state = 'failed', failure_kind = 'TRANSIENT', updated_at = ?, error = ? "
                        + "WHERE state IN ('queued', 'running') AND updated_at < ?")) {
            s.setLong(1, now);
            s.setString(2, "interrupted: the server running it stopped or crashed; push again (a push updates what an earlier one made, "
                    + "it does not duplicate it)");
            s.setLong(3, staleBefore);
            return s.executeUpdate();
        }
    }

    Optional<PushView> push(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SELECT + " WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    /** The owner's pushes ({@code null}: everyone's), newest first. */
    List<PushView> pushes(String owner, int offset, int limit) throws SQLException {
        String sql = SELECT + (owner == null ? "" : " WHERE owner = ?") + " ORDER BY created_at DESC, id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (owner != null) {
                s.setString(i++, owner);
            }
            s.setInt(i++, offset);
            s.setInt(i, limit);
            List<PushView> list = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    list.add(view(rs));
                }
            }
            return list;
        }
    }

    private static final String SELECT = "SELECT id, provider, content_id, kind, target_course, target_section, owner, state, done, total,"
            + " doing, result, error, failure_kind, created_at, updated_at FROM lms_push";

    private static PushView view(ResultSet rs) throws SQLException {
        LmsPushResult result = parse(rs.getString("result"));
        return new PushView(rs.getString("id"), rs.getString("provider"), rs.getString("content_id"), rs.getString("kind"),
                new LmsTarget(rs.getString("target_course"), rs.getString("target_section")), rs.getString("owner"), rs.getString("state"),
                new PushView.Progress(rs.getInt("done"), rs.getInt("total"), rs.getString("doing")),
                result == null ? List.<LmsObject>of() : result.objects(), result == null ? List.<LmsIssue>of() : result.issues(),
                rs.getString("error"), rs.getString("failure_kind"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static String json(LmsPushResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a push result that is no JSON: " + e.getMessage(), e);
        }
    }

    private static LmsPushResult parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, LmsPushResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored push result that is no JSON: " + e.getMessage(), e);
        }
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
