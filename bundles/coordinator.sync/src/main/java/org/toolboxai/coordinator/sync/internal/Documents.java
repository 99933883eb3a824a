package org.toolboxai.coordinator.sync.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.sync.ConflictResolver;

/**
 * Named JSON documents with numbered versions in the store, shared by every node. A write names
 * the version it was based on; the document's row is locked for the write, so writes to one
 * document are serialised on every node. A write based on the current version makes the next
 * one; a stale write is decided by the document's strategy:
 * <ul>
 * <li>{@code reject}: refused, nothing changes (the writer gets the current version);</li>
 * <li>{@code last-writer-wins}: written as the next version;</li>
 * <li>{@code version-wins}: the current version stands, the stale write is dropped;</li>
 * <li>{@code merge}: three-way merge of the base, the current version and the write; written
 * when no change overlaps, refused with the conflicts (JSON Pointer paths, both sides) when
 * one does;</li>
 * <li>{@code resolver:<name>}: a {@link ConflictResolver} service decides.</li>
 * </ul>
 * Every version keeps its author, time and the SHA-256 of its canonical JSON. The history is
 * bounded per document ({@code max_history}): the oldest versions are deleted, never the newest,
 * and a rollback writes an older content as a new version, so nothing accepted is rewritten.
 */
final class Documents {

    /** Document names: path-safe, lower case. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,199}");
    static final String REJECT = "reject";
    static final String LAST_WRITER_WINS = "last-writer-wins";
    static final String VERSION_WINS = "version-wins";
    static final String MERGE = "merge";
    static final String RESOLVER = "resolver:";
    static final Pattern STRATEGY = Pattern.compile("reject|last-writer-wins|version-wins|merge|resolver:[A-Za-z0-9_-]{1,100}");
    /** Every authenticated caller. */
    static final String ANYONE = "*";

    /** A document's settings and current version number. */
    record Doc(String name, String owner, String strategy, Set<String> readers, Set<String> writers, int maxHistory, long version,
            long createdAt, long updatedAt) {

        boolean mayRead(String user, boolean admin) {
            return admin || owner.equals(user) || readers.contains(ANYONE) || readers.contains(user);
        }

        boolean mayWrite(String user, boolean admin) {
            return admin || owner.equals(user) || writers.contains(ANYONE) || writers.contains(user);
        }
    }

    /** One version. */
    record Version(String name, long version, JsonNode content, String author, long at, String checksum, String kind) {
    }

    /** Settings for a new document (or a change of them). */
    record Settings(String strategy, Set<String> readers, Set<String> writers, int maxHistory) {
        static final Settings DEFAULT = new Settings(REJECT, Set.of(ANYONE), Set.of(), 100);
    }

    /** What a write did. */
    sealed interface Outcome {
    }

    /** Written as {@code version}. */
    record Written(Version version, boolean created) implements Outcome {
    }

    /** Stale and refused ({@code reject}, or a base no longer in the history): nothing changed. */
    record Rejected(Version current, String reason) implements Outcome {
    }

    /** Stale and dropped ({@code version-wins}): nothing changed. */
    record Kept(Version current) implements Outcome {
    }

    /** Stale, and its changes overlap the current version's ({@code merge}, or a resolver refused): nothing changed. */
    record Conflicted(Version current, List<Conflict> conflicts, String reason) implements Outcome {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Clock clock;
    private final Function<String, Optional<ConflictResolver>> resolvers;

    Documents(DataSource dataSource, Clock clock, Function<String, Optional<ConflictResolver>> resolvers) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.resolvers = resolvers;
    }

    /** A document's settings. */
    Optional<Doc> doc(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return doc(c, name, false);
        }
    }

    /** One version, if still in the history. */
    Optional<Version> version(String name, long version) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return version(c, name, version);
        }
    }

    /** Versions, newest first, at most {@code limit}. */
    List<Version> history(String name, int limit) throws SQLException {
        List<Version> versions = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT version, content, author, at, checksum, kind FROM sync_version "
                        + "WHERE name = ? ORDER BY version DESC LIMIT ?")) {
            ps.setString(1, name);
            ps.setInt(2, Math.max(1, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(version(name, rs));
                }
            }
        }
        return versions;
    }

    /**
     * Writes {@code content} based on version {@code basedOn} ({@code 0}: a new document;
     * {@code null}: whatever is current, for a blind write), by {@code author}; a new document gets
     * {@code settings} and its author as owner.
     */
    Outcome write(String name, JsonNode content, Long basedOn, String author, String kind, Settings settings) throws SQLException {
        try {
            return tryWrite(name, content, basedOn, author, kind, settings);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // two writers made the document at once: the other one's is there now, so this is stale
                return tryWrite(name, content, basedOn, author, kind, settings);
            }
            throw e;
        }
    }

    /** Writes the content of {@code version} as a new version (kind {@code rollback}). */
    Outcome rollback(String name, long version, String author) throws SQLException {
        Version old = version(name, version).orElseThrow(() -> new IllegalArgumentException("version " + version + " of " + name
                + " is not in its history"));
        return write(name, old.content(), null, author, "rollback", null);
    }

    /** Changes a document's settings; its history is compacted at once to a lower bound. */
    Doc configure(String name, Settings settings) throws SQLException {
        return inTransaction(c -> {
            Doc doc = doc(c, name, true).orElseThrow(() -> new IllegalArgumentException("no document named " + name));
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_document SET strategy = ?, readers = ?, writers = ?, "
                    + "max_history = ? WHERE name = ?")) {
                ps.setString(1, settings.strategy());
                ps.setString(2, String.join(",", settings.readers()));
                ps.setString(3, String.join(",", settings.writers()));
                ps.setInt(4, settings.maxHistory());
                ps.setString(5, name);
                ps.executeUpdate();
            }
            compact(c, name, doc.version(), settings.maxHistory());
            return doc(c, name, false).orElseThrow();
        });
    }

    private Outcome tryWrite(String name, JsonNode content, Long basedOn, String author, String kind, Settings settings)
            throws SQLException {
        return inTransaction(c -> {
            Optional<Doc> found = doc(c, name, true);
            long now = clock.millis();
            if (found.isEmpty()) {
                if (basedOn != null && basedOn != 0) {
                    return new Rejected(null, "there is no document named " + name + " (version " + basedOn + " was asked for)");
                }
                Settings s = settings == null ? Settings.DEFAULT : settings;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_document (name, owner, strategy, readers, writers, "
                        + "max_history, current_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, author);
                    ps.setString(3, s.strategy());
                    ps.setString(4, String.join(",", s.readers()));
                    ps.setString(5, String.join(",", s.writers()));
                    ps.setInt(6, s.maxHistory());
                    ps.setLong(7, now);
                    ps.setLong(8, now);
                    ps.executeUpdate();
                }
                return new Written(append(c, name, 0, content, author, kind, now, s.maxHistory()), true);
            }
            Doc doc = found.get();
            Version current = version(c, name, doc.version()).orElseThrow();
            if (basedOn == null || basedOn == doc.version()) {
                return new Written(append(c, name, doc.version(), content, author, kind, now, doc.maxHistory()), false);
            }
            if (basedOn > doc.version() || basedOn < 0) {
                return new Rejected(current, "version " + basedOn + " of " + name + " does not exist (the current one is "
                        + doc.version() + ")");
            }
            String strategy = doc.strategy();
            if (strategy.equals(REJECT)) {
                return new Rejected(current, "the write was based on version " + basedOn + ", the current one is " + doc.version());
            }
            if (strategy.equals(LAST_WRITER_WINS)) {
                return new Written(append(c, name, doc.version(), content, author, kind, now, doc.maxHistory()), false);
            }
            if (strategy.equals(VERSION_WINS)) {
                return new Kept(current);
            }
            Optional<Version> base = version(c, name, basedOn);
            if (base.isEmpty()) {
                return new Rejected(current, "version " + basedOn + " is no longer in the history (the oldest versions are "
                        + "compacted), so the write cannot be merged; read the current version and write again");
            }
            if (strategy.equals(MERGE)) {
                Merge merge = JsonMerge.threeWay(base.get().content(), current.content(), content);
                if (!merge.conflicts().isEmpty()) {
                    return new Conflicted(current, merge.conflicts(), merge.conflicts().size() + " change(s) overlap changes made "
                            + "since version " + basedOn);
                }
                return new Written(append(c, name, doc.version(), merge.merged(), author, "merge", now, doc.maxHistory()), false);
            }
            String resolverName = strategy.substring(RESOLVER.length());
            Optional<ConflictResolver> resolver = resolvers.apply(resolverName);
            if (resolver.isEmpty()) {
                return new Conflicted(current, List.of(), "no conflict resolver named " + resolverName + " is installed");
            }
            Object resolved;
            try {
                resolved = resolver.get().resolve(plain(base.get().content()), plain(current.content()), plain(content));
            } catch (RuntimeException e) {
                return new Conflicted(current, List.of(), "the resolver " + resolverName + " refused the write: " + e.getMessage());
            }
            return new Written(append(c, name, doc.version(), JSON.valueToTree(resolved), author, "resolved", now,
                    doc.maxHistory()), false);
        });
    }

    private Version append(Connection c, String name, long previous, JsonNode content, String author, String kind, long now,
            int maxHistory) throws SQLException {
        long next = previous + 1;
        String text = text(content);
        String checksum = JsonMerge.checksum(content);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_version (name, version, content, author, at, checksum, kind) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, next);
            ps.setString(3, text);
            ps.setString(4, author);
            ps.setLong(5, now);
            ps.setString(6, checksum);
            ps.setString(7, kind);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_document SET current_version = ?, updated_at = ? WHERE name = ?")) {
            ps.setLong(1, next);
            ps.setLong(2, now);
            ps.setString(3, name);
            ps.executeUpdate();
        }
        compact(c, name, next, maxHistory);
        return new Version(name, next, content, author, now, checksum, kind);
    }

    /** Deletes the versions beyond the newest {@code keep}. */
    private static void compact(Connection c, String name, long current, int keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_version WHERE name = ? AND version <= ?")) {
            ps.setString(1, name);
            ps.setLong(2, current - Math.max(1, keep));
            ps.executeUpdate();
        }
    }

    private static Optional<Doc> doc(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, strategy, readers, writers, max_history, current_version, "
                + "created_at, updated_at FROM sync_document WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Doc(name, rs.getString(1), rs.getString(2), names(rs.getString(3)), names(rs.getString(4)),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
    }

    private static Optional<Version> version(Connection c, String name, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, content, author, at, checksum, kind FROM sync_version "
                + "WHERE name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(name, rs)) : Optional.empty();
            }
        }
    }

    private static Version version(String name, ResultSet rs) throws SQLException {
        try {
            return new Version(name, rs.getLong(1), JSON.readTree(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getString(5),
                    rs.getString(6));
        } catch (JsonProcessingException e) {
            throw new SQLException("version " + rs.getLong(1) + " of " + name + " is not JSON in the store", e);
        }
    }

    static Set<String> names(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(n -> !n.isEmpty()).forEach(names::add);
        return Collections.unmodifiableSet(names);
    }

    private static String text(JsonNode content) {
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }

    private static Object plain(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
