package org.toolboxai.coordinator.content.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ContentVersion;
import org.toolboxai.api.content.StaleVersionException;
import org.toolboxai.api.store.Store;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * The edited versions of packages (2, 3 ...) in the content bundle's own table,
 * {@code content_version} ({@code db/content/V1__versions.sql}); version 1 stays where the workflow
 * engine keeps it. The table's primary key decides between two edits of one version.
 */
final class ContentVersions {

    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Store store;
    private final ObjectMapper json;

    ContentVersions(Store store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The newest edited version of a content, with its package; empty when it was never edited. */
    Optional<ContentVersion> newest(String contentId) {
        return query("SELECT version, created_at, author, passed, package_json FROM content_version WHERE content_id = ?"
                + " ORDER BY version DESC", contentId, -1, true, 1).stream().findFirst();
    }

    /** One edited version with its package. */
    Optional<ContentVersion> find(String contentId, int number) {
        return query("SELECT version, created_at, author, passed, package_json FROM content_version WHERE content_id = ?"
                + " AND version = ?", contentId, number, true, 1).stream().findFirst();
    }

    /** The edited versions, oldest first, without packages. */
    List<ContentVersion> list(String contentId) {
        return query("SELECT version, created_at, author, passed FROM content_version WHERE content_id = ? ORDER BY version",
                contentId, -1, false, 0);
    }

    /**
     * Adds {@code version.number()}, which must follow {@code expected}, the newest when the edit began.
     *
     * @throws StaleVersionException when another version was added since (here or on another node)
     */
    void add(String contentId, int expected, ContentVersion version) {
        try {
            store.inTransaction(c -> {
                int current = Math.max(newest(c, contentId), 1); // no row: the generated version 1 is the newest
                if (current != expected) {
                    throw new StaleVersionException(contentId, expected, current);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO content_version"
                        + " (content_id, version, created_at, author, passed, package_json) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, contentId);
                    ps.setInt(2, version.number());
                    ps.setLong(3, version.createdAt().toEpochMilli());
                    ps.setString(4, version.author());
                    ps.setBoolean(5, version.passed());
                    ps.setString(6, json.writeValueAsString(version.contentPackage()));
                    ps.executeUpdate();
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a package that cannot be written as JSON: " + e.getOriginalMessage(), e);
                }
                return null;
            });
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                // an edit of the same version committed between our look and our insert
                throw new StaleVersionException(contentId, expected, newest(contentId).map(ContentVersion::number).orElse(1));
            }
            throw unavailable(e);
        }
    }

    private static int newest(Connection c, String contentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM content_version WHERE content_id = ?")) {
            ps.setString(1, contentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private List<ContentVersion> query(String sql, String contentId, int number, boolean withPackage, int maxRows) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, contentId);
            if (number >= 0) {
                ps.setInt(2, number);
            }
            ps.setMaxRows(maxRows);
            List<ContentVersion> versions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new ContentVersion(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getBoolean(4), withPackage ? read(rs.getString(5), contentId) : null));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private ContentPackage read(String text, String contentId) {
        try {
            return json.readValue(text, ContentPackage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored version of content " + contentId + " is not a package: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static WorkflowException unavailable(SQLException e) {
        return new WorkflowException(WorkflowException.Kind.UNAVAILABLE, "The version history cannot be read or written: "
                + e.getMessage());
    }
}
