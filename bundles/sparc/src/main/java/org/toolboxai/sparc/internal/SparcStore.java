package org.toolboxai.sparc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.sparc.model.Irt;

/** SPARC's rows: items, sessions, answers, decisions and classes, in plain JDBC on H2 or PostgreSQL. */
final class SparcStore {

    /** A unit of work on one connection, committed together. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** SQLState of a unique constraint violation, on H2 and PostgreSQL alike. */
    static final String UNIQUE_VIOLATION = "23505";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final String ITEM_COLUMNS = "id, bank, objective, skill, type, prompt, options, answer, explanation, feedback, level,"
            + " levels, a, b, c, band_b, calibration, presented, responses, correct, source_run, created_by, created_at";
    private static final String SESSION_COLUMNS = "id, student, bank, mode, state, min_items, max_items, target_se, cut_score,"
            + " position, item_id, action, theta, se, stop_reason, seed, started_by, created_at, updated_at";

    private final DataSource dataSource;

    SparcStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction; rolled back when it throws. */
    <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                // whatever ended the work (an Error too), nothing of it may be committed by the reset below
                if (!committed) {
                    c.rollback();
                }
                c.setAutoCommit(auto);
            }
        }
    }

    <T> T read(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    // ---- items

    /** Adds the items whose ids are not in the bank yet; the number added. */
    static int insertItems(Connection c, List<Item> items) throws SQLException {
        int added = 0;
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM sparc_item WHERE id = ?");
                PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_item (" + ITEM_COLUMNS + ") VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Item i : items) {
                exists.setString(1, i.id());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                int k = 1;
                ps.setString(k++, i.id());
                ps.setString(k++, i.bank());
                ps.setString(k++, i.objective());
                ps.setString(k++, i.skill());
                ps.setString(k++, i.type());
                ps.setString(k++, i.prompt());
                ps.setString(k++, json(i.options()));
                ps.setString(k++, json(i.answer()));
                ps.setString(k++, i.explanation());
                ps.setString(k++, i.feedback());
                ps.setInt(k++, i.level());
                ps.setInt(k++, i.levels());
                ps.setDouble(k++, i.a());
                ps.setDouble(k++, i.b());
                ps.setDouble(k++, i.c());
                ps.setDouble(k++, i.bandB());
                ps.setString(k++, i.calibration());
                ps.setInt(k++, i.presented());
                ps.setInt(k++, i.responses());
                ps.setInt(k++, i.correct());
                ps.setString(k++, i.sourceRun());
                ps.setString(k++, i.createdBy());
                ps.setLong(k, i.createdAt());
                ps.executeUpdate();
                added++;
            }
        }
        return added;
    }

    static List<Item> items(Connection c, String bank) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM sparc_item WHERE bank = ? ORDER BY id")) {
            ps.setString(1, bank);
            List<Item> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(item(rs));
                }
            }
            return out;
        }
    }

    static Optional<Item> item(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM sparc_item WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        }
    }

    /** Item counts per bank, by bank name. */
    static Map<String, Integer> banks(Connection c) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bank, COUNT(*) FROM sparc_item GROUP BY bank ORDER BY bank");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    /** Writes an item's new difficulty and counts one more answer (right or not) relative to what is stored. */
    static void updateItem(Connection c, Item i, boolean correct) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sparc_item SET b = ?, calibration = ?, responses = responses + 1, correct = correct + ? WHERE id = ?")) {
            ps.setDouble(1, i.b());
            ps.setString(2, i.calibration());
            ps.setInt(3, correct ? 1 : 0);
            ps.setString(4, i.id());
            ps.executeUpdate();
        }
    }

    /** An item, its row locked until the transaction ends. */
    static Optional<Item> itemForUpdate(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM sparc_item WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        }
    }

    /**
     * An item's answers for calibration, {ability, 1 or 0}: the ability is the final estimate of a
     * finished session, or the estimate before the answer while the session runs.
     */
    static List<double[]> calibrationData(Connection c, String itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN s.state = 'finished' THEN s.theta ELSE a.theta_before END,"
                + " a.correct FROM sparc_answer a LEFT JOIN sparc_session s ON s.id = a.session_id"
                + " WHERE a.item_id = ? AND a.theta_before IS NOT NULL ORDER BY a.seq")) {
            ps.setString(1, itemId);
            List<double[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getDouble(1), rs.getBoolean(2) ? 1 : 0});
                }
            }
            return out;
        }
    }

    /** The items a student answered in practice sessions of a bank (practice shows their keys). */
    static java.util.Set<String> practised(Connection c, String student, String bank) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT a.item_id FROM sparc_answer a JOIN sparc_session s"
                + " ON s.id = a.session_id WHERE a.student = ? AND s.bank = ? AND s.mode = 'practice'")) {
            ps.setString(1, student);
            ps.setString(2, bank);
            java.util.Set<String> out = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * Whether a failed transaction may succeed when run again: a deadlock, a serialization
     * failure or a lock time-out (PostgreSQL 40P01 / 40001 / 55P03, H2 40001 / HYT00 / 50200 / 90131).
     */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException x && x.getSQLState() != null
                    && java.util.Set.of("40P01", "40001", "HYT00", "90131", "50200", "55P03").contains(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static void countPresented(Connection c, String itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sparc_item SET presented = presented + 1 WHERE id = ?")) {
            ps.setString(1, itemId);
            ps.executeUpdate();
        }
    }

    private static Item item(ResultSet rs) throws SQLException {
        return new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                strings(rs.getString(7)), strings(rs.getString(8)), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getInt(12),
                rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), rs.getDouble(16), rs.getString(17), rs.getInt(18), rs.getInt(19),
                rs.getInt(20), rs.getString(21), rs.getString(22), rs.getLong(23));
    }

    // ---- sessions

    static void insertSession(Connection c, Session s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_session (" + SESSION_COLUMNS + ") VALUES"
                + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int k = 1;
            ps.setString(k++, s.id());
            ps.setString(k++, s.student());
            ps.setString(k++, s.bank());
            ps.setString(k++, s.mode());
            ps.setString(k++, s.state());
            ps.setInt(k++, s.minItems());
            ps.setInt(k++, s.maxItems());
            ps.setDouble(k++, s.targetSe());
            if (s.cutScore() == null) {
                ps.setNull(k++, Types.DOUBLE);
            } else {
                ps.setDouble(k++, s.cutScore());
            }
            ps.setInt(k++, s.position());
            ps.setString(k++, s.itemId());
            ps.setString(k++, s.action());
            ps.setDouble(k++, s.theta());
            ps.setDouble(k++, s.se());
            ps.setString(k++, s.stopReason());
            ps.setLong(k++, s.seed());
            ps.setString(k++, s.startedBy());
            ps.setLong(k++, s.createdAt());
            ps.setLong(k, s.updatedAt());
            ps.executeUpdate();
        }
    }

    /**
     * Moves a session on from {@code fromPosition}; {@code false} when another answer moved it
     * first (the caller rolls back).
     */
    static boolean advanceSession(Connection c, Session s, int fromPosition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sparc_session SET state = ?, position = ?, item_id = ?, action = ?,"
                + " theta = ?, se = ?, stop_reason = ?, updated_at = ? WHERE id = ? AND position = ? AND state = 'active'")) {
            ps.setString(1, s.state());
            ps.setInt(2, s.position());
            ps.setString(3, s.itemId());
            ps.setString(4, s.action());
            ps.setDouble(5, s.theta());
            ps.setDouble(6, s.se());
            ps.setString(7, s.stopReason());
            ps.setLong(8, s.updatedAt());
            ps.setString(9, s.id());
            ps.setInt(10, fromPosition);
            return ps.executeUpdate() == 1;
        }
    }

    static Optional<Session> session(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SESSION_COLUMNS + " FROM sparc_session WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        }
    }

    /** A student's sessions, newest first; {@code student} null for everyone's. */
    static List<Session> sessions(Connection c, String student, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SESSION_COLUMNS + " FROM sparc_session"
                + (student == null ? "" : " WHERE student = ?") + " ORDER BY created_at DESC, id")) {
            if (student != null) {
                ps.setString(1, student);
            }
            ps.setMaxRows(limit);
            List<Session> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(session(rs));
                }
            }
            return out;
        }
    }

    static int activeSessions(Connection c, String student) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sparc_session WHERE student = ? AND state = 'active'")) {
            ps.setString(1, student);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Session session(ResultSet rs) throws SQLException {
        double cut = rs.getDouble(9);
        Double cutScore = rs.wasNull() ? null : cut;
        return new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getInt(7), rs.getDouble(8), cutScore, rs.getInt(10), rs.getString(11), rs.getString(12), rs.getDouble(13),
                rs.getDouble(14), rs.getString(15), rs.getLong(16), rs.getString(17), rs.getLong(18), rs.getLong(19));
    }

    // ---- answers

    /** One logged answer, as the calibration and the reports read it. */
    record Logged(long seq, String student, String sessionId, String itemId, String skill, String domain, Irt.Item item,
            boolean correct, double day, Double thetaBefore) {
    }

    /** Logs a session's answer; a unique violation ({@link #UNIQUE_VIOLATION}) when that key was logged before. */
    static void insertAnswer(Connection c, String student, String key, String domain, String skill, String itemId, Irt.Item item,
            boolean correct, double day, double thetaBefore, String sessionId, String response) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_answer (student, answer_key, domain, skill, item_id, a, b, c,"
                + " correct, answered_day, theta_before, session_id, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, student);
            ps.setString(2, key);
            ps.setString(3, domain);
            ps.setString(4, skill);
            ps.setString(5, itemId);
            ps.setDouble(6, item.a());
            ps.setDouble(7, item.b());
            ps.setDouble(8, item.c());
            ps.setBoolean(9, correct);
            ps.setDouble(10, day);
            ps.setDouble(11, thetaBefore);
            ps.setString(12, sessionId);
            ps.setString(13, response);
            ps.executeUpdate();
        }
    }

    private static final String LOGGED = "SELECT seq, student, session_id, item_id, skill, domain, a, b, c, correct, answered_day,"
            + " theta_before FROM sparc_answer";

    static List<Logged> answersOfSession(Connection c, String sessionId) throws SQLException {
        return logged(c, LOGGED + " WHERE session_id = ? ORDER BY seq", sessionId);
    }

    static List<Logged> answersOfStudent(Connection c, String student) throws SQLException {
        return logged(c, LOGGED + " WHERE student = ? ORDER BY seq", student);
    }

    static List<Logged> answersOfItem(Connection c, String itemId) throws SQLException {
        return logged(c, LOGGED + " WHERE item_id = ? ORDER BY seq", itemId);
    }

    static List<Logged> answersOfBank(Connection c, String bank) throws SQLException {
        return logged(c, LOGGED + " WHERE item_id IN (SELECT id FROM sparc_item WHERE bank = ?) ORDER BY seq", bank);
    }

    static int answerCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sparc_answer"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<Logged> logged(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            List<Logged> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double theta = rs.getDouble(12);
                    Double thetaBefore = rs.wasNull() ? null : theta;
                    out.add(new Logged(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), new Irt.Item(rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)), rs.getBoolean(10),
                            rs.getDouble(11), thetaBefore));
                }
            }
            return out;
        }
    }

    // ---- decisions

    /** A decision of the policy, with its reward once measured. */
    record Decision(long seq, String student, String sessionId, int position, String skill, String context, String action,
            String itemId, double masteryBefore, Double reward, long decidedAt) {
    }

    static void insertDecision(Connection c, Decision d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_decision (student, session_id, position, skill, context,"
                + " action, item_id, mastery_before, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.student());
            ps.setString(2, d.sessionId());
            ps.setInt(3, d.position());
            ps.setString(4, d.skill());
            ps.setString(5, d.context());
            ps.setString(6, d.action());
            ps.setString(7, d.itemId());
            ps.setDouble(8, d.masteryBefore());
            ps.setLong(9, d.decidedAt());
            ps.executeUpdate();
        }
    }

    static Optional<Decision> decision(Connection c, String sessionId, int position) throws SQLException {
        List<Decision> found = decisions(c, " WHERE session_id = ? AND position = ?", ps -> {
            ps.setString(1, sessionId);
            ps.setInt(2, position);
        }, 1);
        return found.stream().findFirst();
    }

    static void reward(Connection c, String sessionId, int position, double reward) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sparc_decision SET reward = ? WHERE session_id = ? AND position = ?")) {
            ps.setDouble(1, reward);
            ps.setString(2, sessionId);
            ps.setInt(3, position);
            ps.executeUpdate();
        }
    }

    /** A student's decisions, newest first. */
    static List<Decision> decisionsOf(Connection c, String student, int limit) throws SQLException {
        return decisions(c, " WHERE student = ? ORDER BY seq DESC", ps -> ps.setString(1, student), limit);
    }

    /** Every rewarded decision in order: what the policy learned from, replayed at start. */
    static List<Decision> rewarded(Connection c, int limit) throws SQLException {
        return decisions(c, " WHERE reward IS NOT NULL ORDER BY seq", ps -> { }, limit);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<Decision> decisions(Connection c, String where, Binder binder, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, student, session_id, position, skill, context, action, item_id,"
                + " mastery_before, reward, decided_at FROM sparc_decision" + where)) {
            binder.bind(ps);
            ps.setMaxRows(limit);
            List<Decision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double reward = rs.getDouble(10);
                    Double r = rs.wasNull() ? null : reward;
                    out.add(new Decision(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9), r, rs.getLong(11)));
                }
            }
            return out;
        }
    }

    // ---- classes

    /** A class: its teacher sees its students. */
    record SchoolClass(String id, String name, String teacher, List<String> students, long createdAt) {
    }

    static void insertClass(Connection c, SchoolClass k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_class (id, name, teacher, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, k.id());
            ps.setString(2, k.name());
            ps.setString(3, k.teacher());
            ps.setLong(4, k.createdAt());
            ps.executeUpdate();
        }
        enrol(c, k.id(), k.students());
    }

    static void enrol(Connection c, String classId, List<String> students) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM sparc_enrolment WHERE class_id = ? AND student = ?");
                PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_enrolment (class_id, student) VALUES (?, ?)")) {
            for (String s : students) {
                exists.setString(1, classId);
                exists.setString(2, s);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                ps.setString(1, classId);
                ps.setString(2, s);
                ps.executeUpdate();
            }
        }
    }

    /** The classes of a teacher, or everyone's for {@code null}. */
    static List<SchoolClass> classes(Connection c, String teacher) throws SQLException {
        List<SchoolClass> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, teacher, created_at FROM sparc_class"
                + (teacher == null ? "" : " WHERE teacher = ?") + " ORDER BY created_at, id")) {
            if (teacher != null) {
                ps.setString(1, teacher);
            }
            ps.setMaxRows(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SchoolClass(rs.getString(1), rs.getString(2), rs.getString(3), List.of(), rs.getLong(4)));
                }
            }
        }
        List<SchoolClass> full = new ArrayList<>();
        for (SchoolClass k : out) {
            full.add(new SchoolClass(k.id(), k.name(), k.teacher(), students(c, k.id()), k.createdAt()));
        }
        return full;
    }

    static Optional<SchoolClass> schoolClass(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, teacher, created_at FROM sparc_class WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SchoolClass(rs.getString(1), rs.getString(2), rs.getString(3), students(c, id), rs.getLong(4)));
            }
        }
    }

    private static List<String> students(Connection c, String classId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT student FROM sparc_enrolment WHERE class_id = ? ORDER BY student")) {
            ps.setString(1, classId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Whether {@code teacher} teaches a class {@code student} is enrolled in. */
    static boolean teaches(Connection c, String teacher, String student) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sparc_enrolment e JOIN sparc_class k ON k.id = e.class_id"
                + " WHERE k.teacher = ? AND e.student = ?")) {
            ps.setString(1, teacher);
            ps.setString(2, student);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- JSON columns

    static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : List.copyOf(JSON.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored list is not JSON", e);
        }
    }
}
