package org.toolboxai.coordinator.workflow.internal;

import java.time.Duration;

import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepEffect;
import org.toolboxai.api.workflow.StepState;

/** JDBC persistence of runs, steps and duration statistics; portable SQL (H2, PostgreSQL). */
final class WorkflowStore {

    /** A change queued for the next group commit; applied in queue order. */
    sealed interface Write permits Completion, RunUpdate, OpenSteps {
    }

    /** A step that started or finished an attempt. */
    record Completion(String runId, String stepId, StepState state, int attempt, Map<String, Object> output,
            Failure failure, long startedAt, long finishedAt, List<StepEffect> effects) implements Write {
    }

    /** A run's new state. */
    record RunUpdate(String runId, RunState state, String error, long startedAt, long finishedAt, long now) implements Write {
    }

    /** Every step of a run not yet final gets this state. */
    record OpenSteps(String runId, StepState state, long now) implements Write {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    WorkflowStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insertRun(RunRecord run) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_run (id, template, owner, state, "
                        + "parameters, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, run.id());
                    ps.setString(2, run.template());
                    ps.setString(3, run.owner());
                    ps.setString(4, run.state().name());
                    ps.setString(5, write(run.parameters()));
                    ps.setLong(6, run.createdAt());
                    ps.setLong(7, run.createdAt());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_step (run_id, step_id, position, "
                        + "template_step, type, state, depends_on, optional_step, timeout_ms, retries, config, attempt) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                    int position = 0;
                    for (StepRecord step : run.steps()) {
                        PlannedStep p = step.plan();
                        ps.setString(1, run.id());
                        ps.setString(2, p.id());
                        ps.setInt(3, position++);
                        ps.setString(4, p.templateStep());
                        ps.setString(5, p.type());
                        ps.setString(6, step.state().name());
                        ps.setString(7, write(p.dependsOn()));
                        ps.setBoolean(8, p.optional());
                        ps.setLong(9, p.timeoutMillis());
                        ps.setInt(10, p.retries());
                        ps.setString(11, write(p.config()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Commits queued changes (and step effects) in one transaction, in order. The effects of one
     * completion share {@code effectTimeoutMillis}; when one fails or they overrun, nothing is
     * committed and the {@link StepEffects.EffectFailed} names the completion.
     */
    void commit(List<Write> writes, long effectTimeoutMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement step = c.prepareStatement("UPDATE workflow_step SET state = ?, attempt = ?, output = ?, "
                    + "error = ?, failure_kind = ?, retry_after_ms = ?, started_at = ?, finished_at = ? "
                    + "WHERE run_id = ? AND step_id = ?")) {
                for (Write write : writes) {
                    if (write instanceof Completion done) {
                        updateStep(step, done);
                        StepEffects.apply(c, done, effectTimeoutMillis);
                    } else if (write instanceof RunUpdate run) {
                        updateRun(c, run);
                    } else if (write instanceof OpenSteps open) {
                        finishOpenSteps(c, open);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void updateStep(PreparedStatement step, Completion done) throws SQLException {
        step.setString(1, done.state().name());
        step.setInt(2, done.attempt());
        if (done.output() == null) {
            step.setNull(3, Types.VARCHAR);
        } else {
            step.setString(3, write(done.output()));
        }
        Failure failure = done.failure();
        step.setString(4, failure == null ? null : truncate(failure.message()));
        step.setString(5, failure == null ? null : failure.kind().name());
        if (failure == null || failure.retryAfter() == null) {
            step.setNull(6, Types.BIGINT);
        } else {
            step.setLong(6, failure.retryAfter().toMillis());
        }
        step.setLong(7, done.startedAt());
        step.setLong(8, done.finishedAt());
        step.setString(9, done.runId());
        step.setString(10, done.stepId());
        step.executeUpdate();
    }

    private static void updateRun(Connection c, RunUpdate run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET state = ?, error = ?, "
                + "started_at = ?, finished_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, run.state().name());
            ps.setString(2, truncate(run.error()));
            setMillis(ps, 3, run.startedAt());
            setMillis(ps, 4, run.finishedAt());
            ps.setLong(5, run.now());
            ps.setString(6, run.runId());
            ps.executeUpdate();
        }
    }

    private static void finishOpenSteps(Connection c, OpenSteps open) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_step SET state = ?, finished_at = ? "
                + "WHERE run_id = ? AND state IN ('PENDING', 'WAITING', 'RUNNING')")) {
            ps.setString(1, open.state().name());
            ps.setLong(2, open.now());
            ps.setString(3, open.runId());
            ps.executeUpdate();
        }
    }

    RunRecord find(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RunRecord run;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, template, owner, state, parameters, error, "
                    + "created_at, started_at, finished_at FROM workflow_run WHERE id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    run = runRow(rs, true);
                }
            }
            return withSteps(c, run);
        }
    }

    /** Runs that were not finished when the engine stopped, oldest first, with their steps. */
    List<RunRecord> unfinished() throws SQLException {
        List<RunRecord> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, template, owner, state, parameters, error, "
                    + "created_at, started_at, finished_at FROM workflow_run WHERE state IN ('QUEUED', 'RUNNING', 'PAUSED') "
                    + "ORDER BY created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(runRow(rs, true));
                }
            }
            List<RunRecord> full = new ArrayList<>(runs.size());
            for (RunRecord run : runs) {
                full.add(withSteps(c, run));
            }
            return full;
        }
    }

    /** A page of runs, newest first, and the total. */
    Map.Entry<List<RunRecord>, Long> list(String owner, RunState state, String template, int offset, int limit)
            throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (owner != null) {
            where.append(" AND owner = ?");
            args.add(owner);
        }
        if (state != null) {
            where.append(" AND state = ?");
            args.add(state.name());
        }
        if (template != null) {
            where.append(" AND template = ?");
            args.add(template);
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM workflow_run" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<RunRecord> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, template, owner, state, parameters, error, "
                    + "created_at, started_at, finished_at FROM workflow_run" + where
                    + " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = bind(ps, args);
                ps.setInt(i++, offset);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(runRow(rs, false));
                    }
                }
            }
            return Map.entry(runs, total);
        }
    }

    Map<String, double[]> loadStats() throws SQLException {
        Map<String, double[]> stats = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT stat_key, samples, mean_ms FROM workflow_step_stats");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                stats.put(rs.getString(1), new double[] {rs.getLong(2), rs.getDouble(3)});
            }
        }
        return stats;
    }

    /** Upserts statistics portably: update, insert what was missing. */
    void saveStats(Map<String, double[]> changed) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE workflow_step_stats SET samples = ?, mean_ms = ? WHERE stat_key = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO workflow_step_stats (stat_key, samples, mean_ms) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, double[]> e : changed.entrySet()) {
                    update.setLong(1, (long) e.getValue()[0]);
                    update.setDouble(2, e.getValue()[1]);
                    update.setString(3, e.getKey());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, e.getKey());
                        insert.setLong(2, (long) e.getValue()[0]);
                        insert.setDouble(3, e.getValue()[1]);
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private RunRecord withSteps(Connection c, RunRecord run) throws SQLException {
        List<StepRecord> steps = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT step_id, template_step, type, state, depends_on, "
                + "optional_step, timeout_ms, retries, config, attempt, output, error, started_at, finished_at, "
                + "failure_kind, retry_after_ms FROM workflow_step WHERE run_id = ? ORDER BY position")) {
            ps.setString(1, run.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PlannedStep plan = new PlannedStep(rs.getString(1), rs.getString(2), rs.getString(3),
                            read(rs.getString(5), LIST), rs.getBoolean(6), rs.getLong(7), rs.getInt(8),
                            read(rs.getString(9), MAP));
                    String output = rs.getString(11);
                    steps.add(new StepRecord(plan, StepState.valueOf(rs.getString(4)), rs.getInt(10),
                            output == null ? null : read(output, MAP), failure(rs.getString(12), rs.getString(15),
                                    rs.getObject(16) == null ? null : rs.getLong(16)), rs.getLong(13), rs.getLong(14)));
                }
            }
        }
        return new RunRecord(run.id(), run.template(), run.owner(), run.state(), run.parameters(), run.error(),
                run.createdAt(), run.startedAt(), run.finishedAt(), steps);
    }

    private RunRecord runRow(ResultSet rs, boolean withParameters) throws SQLException {
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), RunState.valueOf(rs.getString(4)),
                withParameters ? read(rs.getString(5), MAP) : Map.of(), rs.getString(6), rs.getLong(7),
                rs.getLong(8), rs.getLong(9), List.of());
    }

    private static int bind(PreparedStatement ps, List<String> args) throws SQLException {
        int i = 1;
        for (String arg : args) {
            ps.setString(i++, arg);
        }
        return i;
    }

    private static void setMillis(PreparedStatement ps, int index, long millis) throws SQLException {
        if (millis <= 0) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, millis);
        }
    }

    /** A stored failure; rows written before failures had kinds count as transient. */
    private static Failure failure(String message, String kind, Long retryAfterMillis) {
        if (message == null && kind == null) {
            return null;
        }
        FailureKind k = kind == null ? FailureKind.TRANSIENT : FailureKind.valueOf(kind);
        return new Failure(k, message, retryAfterMillis == null ? null : Duration.ofMillis(retryAfterMillis));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 3990) + " ...";
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the store: " + e.getOriginalMessage(), e);
        }
    }
}
