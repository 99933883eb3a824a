package org.toolboxai.coordinator.error.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.guard.CallContext;

/**
 * Error groups in the store, shared by every node: failures of the same class, component and
 * normalised message (numbers, ids and quoted values taken out) share a fingerprint; a group counts
 * its failures, remembers when it was first and last seen and keeps its newest samples. A resolved
 * group that fails again is reopened and counted as recurring.
 */
public final class ErrorGroups {

    /** Group states. */
    static final String OPEN = "open";
    static final String RESOLVED = "resolved";
    /** No alert raised yet. */
    static final String NONE = "NONE";

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^']{0,200}'|\"[^\"]{0,200}\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** One failure to record. */
    record Occurrence(ErrorClass errorClass, CallContext context, String message, long at, String node) {
    }

    /** A group as stored. */
    public record Group(String fingerprint, ErrorClass errorClass, String component, String operation, String service, String pattern,
            String lastMessage, long occurrences, long firstSeen, long lastSeen, long recoveryAttempts, long recovered,
            String status, Long resolvedAt, String resolvedBy, String alertedLevel, int reopened) {

        /** Recovery attempts that did not recover the call. */
        long unrecovered() {
            return recoveryAttempts - recovered;
        }
    }

    /** One recorded context of a group. */
    record Sample(long at, String node, String message, String runId, String stepId, String requestId, String user) {
    }

    /** What recording did: the group after it, and whether it is new or came back after being resolved. */
    record Recorded(Group group, boolean created, boolean reopened) {
    }

    private final DataSource dataSource;
    private volatile int samplesPerGroup;

    ErrorGroups(DataSource dataSource, int samplesPerGroup) {
        this.dataSource = dataSource;
        this.samplesPerGroup = samplesPerGroup;
    }

    void samplesPerGroup(int samples) {
        this.samplesPerGroup = samples;
    }

    /** The message with what varies between occurrences of the same failure taken out, lower case, at most 500 characters. */
    static String pattern(String message) {
        String p = message == null ? "" : message;
        p = UUID.matcher(p).replaceAll("<id>");
        p = QUOTED.matcher(p).replaceAll("<q>");
        p = HEX.matcher(p).replaceAll("<hex>");
        p = NUMBER.matcher(p).replaceAll("#");
        p = SPACES.matcher(p).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
        return p.length() > 500 ? p.substring(0, 500) : p;
    }

    /** The fingerprint of a class, component and pattern: 32 hex digits of their SHA-256. */
    static String fingerprint(ErrorClass errorClass, String component, String pattern) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((errorClass.name() + '\n' + component + '\n' + pattern)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Records a failure in its group (made on its first failure) with a sample of its context. */
    Recorded record(Occurrence o) throws SQLException {
        try {
            return tryRecord(o);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return tryRecord(o); // another node made the group at the same moment: it is there now
            }
            throw e;
        }
    }

    private Recorded tryRecord(Occurrence o) throws SQLException {
        String pattern = pattern(o.message());
        String fingerprint = fingerprint(o.errorClass(), o.context().component(), pattern);
        String message = cut(o.message(), 1000);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String status = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT status FROM error_group WHERE fingerprint = ? FOR UPDATE")) {
                    ps.setString(1, fingerprint);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            status = rs.getString(1);
                        }
                    }
                }
                boolean created = status == null;
                boolean reopened = RESOLVED.equals(status);
                if (created) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO error_group (fingerprint, error_class, component, operation, "
                            + "service, pattern, last_message, occurrences, first_seen, last_seen, recovery_attempts, recovered, status, "
                            + "alerted_level, reopened) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 0, 0, 'open', 'NONE', 0)")) {
                        ps.setString(1, fingerprint);
                        ps.setString(2, o.errorClass().name());
                        ps.setString(3, cut(o.context().component(), 100));
                        ps.setString(4, cut(o.context().operation(), 100));
                        ps.setString(5, cut(o.context().service(), 100));
                        ps.setString(6, pattern);
                        ps.setString(7, message);
                        ps.setLong(8, o.at());
                        ps.setLong(9, o.at());
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE error_group SET occurrences = occurrences + 1, last_seen = ?, "
                            + "last_message = ?, status = 'open', resolved_at = NULL, resolved_by = NULL, "
                            + "reopened = reopened + ?, alerted_level = CASE WHEN ? = 1 THEN 'NONE' ELSE alerted_level END "
                            + (reopened ? ", first_seen = ?, recovery_attempts = 0, recovered = 0 " : "")
                            + "WHERE fingerprint = ?")) {
                        int i = 1;
                        ps.setLong(i++, o.at());
                        ps.setString(i++, message);
                        ps.setInt(i++, reopened ? 1 : 0);
                        ps.setInt(i++, reopened ? 1 : 0);
                        if (reopened) {
                            ps.setLong(i++, o.at());
                        }
                        ps.setString(i, fingerprint);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO error_sample (fingerprint, at, node_id, message, run_id, "
                        + "step_id, request_id, user_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, fingerprint);
                    ps.setLong(2, o.at());
                    ps.setString(3, cut(o.node(), 100));
                    ps.setString(4, message);
                    ps.setString(5, cut(o.context().runId(), 36));
                    ps.setString(6, cut(o.context().stepId(), 200));
                    ps.setString(7, cut(o.context().requestId(), 100));
                    ps.setString(8, cut(o.context().user(), 100));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM error_sample WHERE fingerprint = ? AND id < (SELECT MIN(id) "
                        + "FROM (SELECT id FROM error_sample WHERE fingerprint = ? ORDER BY id DESC LIMIT ?) newest)")) {
                    ps.setString(1, fingerprint);
                    ps.setString(2, fingerprint);
                    ps.setInt(3, samplesPerGroup);
                    ps.executeUpdate();
                }
                Group group = get(c, fingerprint).orElseThrow();
                c.commit();
                return new Recorded(group, created, reopened);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A recovery was tried for a failure of this group; {@code recovered} when the call then succeeded. */
    void recoveryTried(String fingerprint, boolean recovered) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE error_group SET recovery_attempts = recovery_attempts + 1, "
                        + "recovered = recovered + ? WHERE fingerprint = ?")) {
            ps.setInt(1, recovered ? 1 : 0);
            ps.setString(2, fingerprint);
            ps.executeUpdate();
        }
    }

    /**
     * Raises a group's alert level, once across every node: true when this call raised it (the
     * caller sends the alert), false when it was at that level or higher already.
     */
    boolean raiseAlertLevel(String fingerprint, AlertLevel level) throws SQLException {
        List<String> lower = new ArrayList<>(List.of(NONE));
        for (AlertLevel l : AlertLevel.values()) {
            if (l.compareTo(level) < 0) {
                lower.add(l.name());
            }
        }
        String in = String.join(", ", lower.stream().map(l -> "'" + l + "'").toList());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE error_group SET alerted_level = ? WHERE fingerprint = ? "
                        + "AND status = 'open' AND alerted_level IN (" + in + ")")) {
            ps.setString(1, level.name());
            ps.setString(2, fingerprint);
            return ps.executeUpdate() == 1;
        }
    }

    /** Marks a group resolved; false when there is no such group. */
    boolean resolve(String fingerprint, String by, long at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE error_group SET status = 'resolved', resolved_at = ?, resolved_by = ? "
                        + "WHERE fingerprint = ?")) {
            ps.setLong(1, at);
            ps.setString(2, cut(by, 100));
            ps.setString(3, fingerprint);
            return ps.executeUpdate() == 1;
        }
    }

    /** Groups, latest failure first, filtered by status ({@code null}: any), class and component. */
    public List<Group> list(String status, ErrorClass errorClass, String component, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM error_group WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (errorClass != null) {
            sql.append(" AND error_class = ?");
            args.add(errorClass.name());
        }
        if (component != null) {
            sql.append(" AND component = ?");
            args.add(component);
        }
        sql.append(" ORDER BY last_seen DESC, fingerprint LIMIT ").append(Math.max(1, limit));
        List<Group> groups = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(group(rs));
                }
            }
        }
        return groups;
    }

    /** One group. */
    Optional<Group> get(String fingerprint) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return get(c, fingerprint);
        }
    }

    /** A group's newest samples, newest first. */
    List<Sample> samples(String fingerprint) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT at, node_id, message, run_id, step_id, request_id, user_name "
                        + "FROM error_sample WHERE fingerprint = ? ORDER BY id DESC")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    samples.add(new Sample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
        }
        return samples;
    }

    /** Open groups whose last failure is at or after {@code since}. */
    List<Group> openSince(long since) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM error_group WHERE status = 'open' AND last_seen >= ?")) {
            ps.setLong(1, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(group(rs));
                }
            }
        }
        return groups;
    }

    /** Counts one outcome of a strategy for a class. */
    void strategyOutcome(String strategy, ErrorClass errorClass, boolean succeeded) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE error_strategy_stats SET tried = tried + 1, succeeded = succeeded + ? "
                    + "WHERE strategy = ? AND error_class = ?")) {
                ps.setInt(1, succeeded ? 1 : 0);
                ps.setString(2, strategy);
                ps.setString(3, errorClass.name());
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO error_strategy_stats (strategy, error_class, tried, succeeded) "
                    + "VALUES (?, ?, 1, ?)")) {
                ps.setString(1, strategy);
                ps.setString(2, errorClass.name());
                ps.setInt(3, succeeded ? 1 : 0);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                strategyOutcome(strategy, errorClass, succeeded); // another node inserted it first
            }
        }
    }

    /** Every strategy's outcomes: {strategy, class, tried, succeeded}. */
    List<StrategyStats> strategyStats() throws SQLException {
        List<StrategyStats> stats = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT strategy, error_class, tried, succeeded FROM error_strategy_stats "
                        + "ORDER BY strategy, error_class");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stats.add(new StrategyStats(rs.getString(1), ErrorClass.valueOf(rs.getString(2)), rs.getLong(3), rs.getLong(4)));
            }
        }
        return stats;
    }

    /** How a strategy did for a class. */
    record StrategyStats(String strategy, ErrorClass errorClass, long tried, long succeeded) {
        /** The success rate with one success and one failure assumed (Laplace): 0.5 before any outcome. */
        double rate() {
            return (succeeded + 1.0) / (tried + 2.0);
        }
    }

    private static final String COLUMNS = "fingerprint, error_class, component, operation, service, pattern, last_message, occurrences, "
            + "first_seen, last_seen, recovery_attempts, recovered, status, resolved_at, resolved_by, alerted_level, reopened";

    private static Optional<Group> get(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM error_group WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(group(rs)) : Optional.empty();
            }
        }
    }

    private static Group group(ResultSet rs) throws SQLException {
        long resolvedAt = rs.getLong(14);
        Long resolved = rs.wasNull() ? null : resolvedAt;
        return new Group(rs.getString(1), ErrorClass.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
                rs.getString(13), resolved, rs.getString(15), rs.getString(16), rs.getInt(17));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
