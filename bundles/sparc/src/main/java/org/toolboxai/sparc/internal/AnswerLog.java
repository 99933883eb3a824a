package org.toolboxai.sparc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import org.toolboxai.sparc.model.Bkt;
import org.toolboxai.sparc.model.Fsrs;
import org.toolboxai.sparc.model.Irt;
import org.toolboxai.sparc.model.LearnerModel;

/**
 * The answer log in the store ({@code sparc_answer}): an answer is written before it is applied,
 * once per student and key (the unique index decides when the same answer arrives twice, on any
 * node), and a student's learner model is rebuilt by applying the log in order.
 */
final class AnswerLog {

    /** One logged answer; {@code replayed}: it was logged before, and this call changed nothing. */
    record Answer(long seq, String student, String key, String domain, String skill, String itemId, Irt.Item item, boolean correct,
            double day, boolean replayed) {
    }

    /** SQLState of a unique constraint violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "seq, student, answer_key, domain, skill, item_id, a, b, c, correct, answered_day";

    private final DataSource dataSource;

    AnswerLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Logs an answer, or finds the one logged before with the same student and key. */
    Answer record(String student, String key, String domain, String skill, String itemId, Irt.Item item, boolean correct, double day)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO sparc_answer (student, answer_key, domain, skill, item_id, a, b, c,"
                        + " correct, answered_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
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
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Answer(keys.getLong(1), student, key, domain, skill, itemId, item, correct, day, false);
            }
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            Answer before = find(student, key).orElseThrow(() -> e);
            return new Answer(before.seq(), student, key, before.domain(), before.skill(), before.itemId(), before.item(),
                    before.correct(), before.day(), true);
        }
    }

    Optional<Answer> find(String student, String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sparc_answer WHERE student = ? AND answer_key = ?")) {
            ps.setString(1, student);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** A student's answers in the order they were logged. */
    List<Answer> of(String student) throws SQLException {
        List<Answer> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sparc_answer WHERE student = ? ORDER BY seq")) {
            ps.setString(1, student);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /** The student's learner model, rebuilt from the log with each skill's BKT parameters. */
    LearnerModel rebuild(String student, Function<String, Bkt.Params> params, Fsrs fsrs) throws SQLException {
        LearnerModel model = new LearnerModel(fsrs);
        for (Answer a : of(student)) {
            model.answered(a.domain(), a.skill(), a.item(), a.correct(), params.apply(a.skill()), a.day());
        }
        return model;
    }

    private static Answer row(ResultSet rs) throws SQLException {
        return new Answer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                new Irt.Item(rs.getDouble(7), rs.getDouble(8), rs.getDouble(9)), rs.getBoolean(10), rs.getDouble(11), false);
    }
}
