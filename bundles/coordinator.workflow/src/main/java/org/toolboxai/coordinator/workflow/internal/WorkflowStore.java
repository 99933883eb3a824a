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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepEffect;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;

/** JDBC persistence of runs, steps and duration statistics; portable SQL (H2, PostgreSQL). */
final class WorkflowStore {

    /** A change queued for the next group commit; applied in queue order. */
    sealed interface Write permits Completion, RunUpdate, OpenSteps, ControlDone {
        /** The run it changes. */
        String runId();
    }

    /**
     * A write and the lease version of its run it may only be committed under (fencing), or
     * {@link #UNFENCED} for a run this node does not hold (a queued run's cancellation).
     */
    record Fenced(Write write, long lease) {
    }

    /** The lease of a write that needs none. */
    static final long UNFENCED = -1;

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

    /** What a commit left out (runs this node lost) and what the claim made with it took ({@code null}: none made). */
    record Committed(Set<String> lost, Claims claims) {
    }

    /**
     * A claim to make ({@link #claim}): runs of dead nodes when {@code orphans} (and this node's own
     * when {@code own}); queued runs, at most {@code maxQueued}, while fewer than {@code maxRunning}
     * execute on all nodes; {@code createdHere} gives the records of runs this node created.
     */
    record ClaimRequest(long now, long staleBefore, boolean orphans, boolean own, int maxRunning, int maxQueued,
            java.util.function.Function<String, RunRecord> createdHere) {
    }

    /** A pause, resume or cancel asked on another node was done (or found not to apply). */
    record ControlDone(String runId, RunAction action) implements Write {
    }

    /**
     * A run this node claimed, the lease version it holds, what another node asked of it, and
     * whether it was queued (it starts now) rather than taken over.
     */
    record Claimed(RunRecord run, long lease, RunAction control, boolean started) {
    }

    /**
     * What a claim took, the runs still waiting across every node after it ({@code -1}: not
     * counted), and whether it took as many orphans as one claim may (more may be left).
     */
    record Claims(List<Claimed> runs, int queued, boolean orphansFull) {
    }

    /** Orphans taken over per claim: enough for a dead node's runs within a few claims, a short transaction each. */
    static final int ORPHANS_PER_CLAIM = 100;

    private static final String RUN_COLUMNS = "id, template, owner, state, parameters, error, created_at, started_at, finished_at";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };

    private final DataSource dataSource;
    private final String nodeId;
    private final ObjectMapper json = new ObjectMapper();

    /** The store of a node called {@code local}: tests of one node. */
    WorkflowStore(DataSource dataSource) {
        this(dataSource, "local");
    }

    WorkflowStore(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
    }

    /** The node this store writes as. */
    String nodeId() {
        return nodeId;
    }

    DataSource dataSource() {
        return dataSource;
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

    /** Commits unfenced writes: tests and single writes that need no lease. */
    void commit(List<Write> writes, long effectTimeoutMillis) throws SQLException {
        // prof
        commitFenced(writes.stream().map(w -> new Fenced(w, UNFENCED)).toList(), effectTimeoutMillis, null);
    }

    /**
     * Commits queued changes (and step effects) in one transaction, in order, with an event row for
     * each state change. First the runs the writes touch are locked and their leases checked:
     * writes for a run this node no longer holds at the version they were made under are left out
     * (fencing), and those runs are returned, so the caller stops working on them. The effects of
     * one completion share {@code effectTimeoutMillis}; when one fails or they overrun, nothing is
     * committed and the {@link StepEffects.EffectFailed} names the completion.
     *
     * When {@code claim} is given, the claim is made in the same transaction, after the writes (so
     * the runs they ended leave room), saving a transaction of its own.
     *
     * @return the runs this node lost (their writes were not committed), and what was claimed
     */
    Committed commitFenced(List<Fenced> writes, long effectTimeoutMillis, ClaimRequest claim) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement step = c.prepareStatement("UPDATE workflow_step SET state = ?, attempt = ?, output = ?, "
                    + "error = ?, failure_kind = ?, retry_after_ms = ?, started_at = ?, finished_at = ? "
                    + "WHERE run_id = ? AND step_id = ?");
                    PreparedStatement event = c.prepareStatement("INSERT INTO workflow_event (run_id, at, step_id, state, "
                            + "attempt, error, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Set<String> lost = lost(c, writes);
                for (Fenced fenced : writes) {
                    Write write = fenced.write();
                    if (lost.contains(write.runId())) {
                        continue;
                    }
                    if (write instanceof Completion done) {
                        updateStep(step, done);
                        StepEffects.apply(c, done, effectTimeoutMillis);
                        addEvent(event, done.runId(), done.state() == StepState.RUNNING ? done.startedAt() : done.finishedAt(),
                                done.stepId(), done.state().name(), done.attempt(), done.failure() == null ? null : done.failure().message());
                    } else if (write instanceof RunUpdate run) {
                        updateRun(c, run);
                        addEvent(event, run.runId(), run.now(), null, run.state().name(), null, run.error());
                    } else if (write instanceof OpenSteps open) {
                        finishOpenSteps(c, open);
                    } else if (write instanceof ControlDone done) {
                        controlDone(c, done);
                    }
                }
                event.executeBatch();
                Claims claimed = claim == null ? null : claimIn(c, claim);
                c.commit();
                return new Committed(lost, claimed);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Locks the fenced writes' runs (in id order, so two committers never wait on each other in a
     * circle) and answers those whose owner or lease version is no longer this node's.
     */
    private Set<String> lost(Connection c, List<Fenced> writes) throws SQLException {
        Map<String, Long> leases = new TreeMap<>();
        for (Fenced f : writes) {
            if (f.lease() != UNFENCED) {
                leases.putIfAbsent(f.write().runId(), f.lease());
            }
        }
        if (leases.isEmpty()) {
            return Set.of();
        }
        Set<String> lost = new HashSet<>(leases.keySet());
        List<String> ids = new ArrayList<>(leases.keySet());
        for (int from = 0; from < ids.size(); from += 200) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, node_id, lease_version FROM workflow_run WHERE id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY id FOR UPDATE")) {
                bind(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (nodeId.equals(rs.getString(2)) && rs.getLong(3) == leases.get(rs.getString(1))) {
                            lost.remove(rs.getString(1));
                        }
                    }
                }
            }
        }
        return lost;
    }

    private void addEvent(PreparedStatement event, String runId, long at, String stepId, String state, Integer attempt,
            String error) throws SQLException {
        event.setString(1, runId);
        event.setLong(2, at);
        event.setString(3, stepId);
        event.setString(4, state);
        if (attempt == null) {
            event.setNull(5, Types.INTEGER);
        } else {
            event.setInt(5, attempt);
        }
        event.setString(6, truncate(error));
        event.setString(7, nodeId);
        event.addBatch();
    }

    private static void controlDone(Connection c, ControlDone done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET control = NULL WHERE id = ? AND control = ?")) {
            ps.setString(1, done.runId());
            ps.setString(2, done.action().name());
            ps.executeUpdate();
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

    private void finishOpenSteps(Connection c, OpenSteps open) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_event (run_id, at, step_id, state, attempt, error, node_id) "
                + "SELECT run_id, ?, step_id, ?, attempt, NULL, ? FROM workflow_step "
                + "WHERE run_id = ? AND state IN ('PENDING', 'WAITING', 'RUNNING') ORDER BY position")) {
            ps.setLong(1, open.now());
            ps.setString(2, open.state().name());
            ps.setString(3, nodeId);
            ps.setString(4, open.runId());
            ps.executeUpdate();
        }
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
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM workflow_run WHERE id = ?")) {
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

    /**
     * Claims runs for this node in one transaction, one node at a time (the admission row is
     * locked, so {@code maxRunning} holds across nodes): when {@code orphans}, first runs whose node
     * stopped or has not heartbeaten since {@code staleBefore} (and, when {@code own}, this node's
     * own runs from before a restart); then, when {@code maxQueued > 0}, queued runs, oldest first,
     * while fewer than {@code maxRunning} execute across all nodes, at most {@code maxQueued}.
     * Every claimed run gets this node and a new lease version; a queued one becomes RUNNING.
     * The answer says whether runs still wait: 0 when the claim took all, otherwise -1 (unknown;
     * creations count them).
     */
    /** Makes a claim in a transaction of its own. */
    Claims claim(ClaimRequest claim) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Claims claimed = claimIn(c, claim);
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Claims runs for this node on {@code c}, whose transaction the caller commits. One node at a
     * time (the admission row is locked, so {@code maxRunning} holds across nodes): when
     * {@code orphans}, first runs whose node stopped or has not heartbeaten since
     * {@code staleBefore} (and, when {@code own}, this node's own runs from before a restart);
     * then, when {@code maxQueued > 0}, queued runs, oldest first, while fewer than
     * {@code maxRunning} execute across all nodes, at most {@code maxQueued}. Every claimed run
     * gets this node and a new lease version; a queued one becomes RUNNING, and its record comes
     * from {@code createdHere} when this node created it (it cannot have changed while queued).
     * The answer says whether runs still wait: 0 when the claim took all, otherwise -1 (unknown;
     * creations count them).
     */
    private Claims claimIn(Connection c, ClaimRequest claim) throws SQLException {
        long now = claim.now();
        boolean own = claim.own();
        int maxQueued = claim.maxQueued();
        int maxRunning = claim.maxRunning();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM workflow_lock WHERE name = 'admission' FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
        List<String> ids = new ArrayList<>();
        boolean orphansFull = false;
        if (claim.orphans()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM workflow_run r WHERE r.state IN ('RUNNING', 'PAUSED') "
                    + "AND (r.node_id IS NULL" + (own ? " OR r.node_id = ?" : "") + " OR (r.node_id <> ? AND NOT EXISTS "
                    + "(SELECT 1 FROM workflow_node n WHERE n.id = r.node_id AND n.stopped_at IS NULL AND n.heartbeat_at >= ?))) "
                    + "ORDER BY r.created_at, r.id FETCH FIRST " + ORPHANS_PER_CLAIM + " ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                int i = 1;
                if (own) {
                    ps.setString(i++, nodeId);
                }
                ps.setString(i++, nodeId);
                ps.setLong(i, claim.staleBefore());
                ids.addAll(ids(ps));
                orphansFull = ids.size() == ORPHANS_PER_CLAIM;
            }
        }
        int queued = -1;
        List<String> fresh = List.of();
        if (maxQueued > 0) {
            int running;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM workflow_run WHERE state = 'RUNNING'");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                running = rs.getInt(1);
            }
            int room = Math.min(maxRunning - running, maxQueued);
            if (room > 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM workflow_run WHERE state = 'QUEUED' "
                        + "ORDER BY created_at, id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                    ps.setInt(1, room);
                    fresh = ids(ps);
                    ids.addAll(fresh);
                }
                if (fresh.size() < room) {
                    queued = 0; // all taken (but for runs another transaction holds)
                }
            }
        }
        List<Claimed> claimed = new ArrayList<>();
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET node_id = ?, lease_version = lease_version + 1, "
                    + "state = CASE WHEN state = 'QUEUED' THEN 'RUNNING' ELSE state END, "
                    + "started_at = COALESCE(started_at, ?), updated_at = ? WHERE id = ?")) {
                for (String id : ids) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, now);
                    ps.setLong(3, now);
                    ps.setString(4, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String id : ids) {
                RunRecord known = fresh.contains(id) ? claim.createdHere().apply(id) : null;
                if (known != null && leaseVersion(c, id) != 1) {
                    known = null; // queued again (a branch to make anew) after some node ran it: the store has its steps
                }
                claimed.add(known != null ? new Claimed(started(known, now), 1, null, true) : claimed(c, id, fresh.contains(id)));
            }
        }
        return new Claims(claimed, queued, orphansFull);
    }

    private static long leaseVersion(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lease_version FROM workflow_run WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** A queued run's record as the claim makes it: running, started now, lease version 1 (its first claim). */
    private static RunRecord started(RunRecord queued, long now) {
        return new RunRecord(queued.id(), queued.template(), queued.owner(), RunState.RUNNING, queued.parameters(), null,
                queued.createdAt(), now, 0, queued.steps());
    }

    private Claimed claimed(Connection c, String id, boolean started) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + ", lease_version, control FROM workflow_run WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                RunRecord run = runRow(rs, true);
                String control = rs.getString(11);
                return new Claimed(withSteps(c, run), rs.getLong(10), control == null ? null : RunAction.valueOf(control), started);
            }
        }
    }

    private static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Runs waiting in the queue, on every node. */
    int queuedCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM workflow_run WHERE state = 'QUEUED'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether runs wait in the queue. A cheap look without locks, before a claim's transaction. */
    boolean anyQueued() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM workflow_run WHERE state = 'QUEUED' FETCH FIRST 1 ROWS ONLY")) {
            return !ids(ps).isEmpty();
        }
    }

    /**
     * Whether runs of a node that stopped or has not heartbeaten since {@code staleBefore} wait for
     * another node. A cheap look without locks, before a claim's transaction.
     */
    boolean anyOrphaned(long staleBefore) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT r.id FROM workflow_run r WHERE r.state IN ('RUNNING', 'PAUSED') "
                        + "AND (r.node_id IS NULL OR (r.node_id <> ? AND NOT EXISTS (SELECT 1 FROM workflow_node n WHERE n.id = r.node_id "
                        + "AND n.stopped_at IS NULL AND n.heartbeat_at >= ?))) FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, nodeId);
            ps.setLong(2, staleBefore);
            return !ids(ps).isEmpty();
        }
    }

    /** The lease versions this node holds now, by run. */
    Map<String, Long> held() throws SQLException {
        Map<String, Long> held = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, lease_version FROM workflow_run "
                        + "WHERE node_id = ? AND state IN ('RUNNING', 'PAUSED')")) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return held;
    }

    /** What other nodes asked of runs this node executes, by run. */
    Map<String, RunAction> controlRequests() throws SQLException {
        Map<String, RunAction> asked = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, control FROM workflow_run "
                        + "WHERE node_id = ? AND state IN ('RUNNING', 'PAUSED') AND control IS NOT NULL")) {
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    asked.put(rs.getString(1), RunAction.valueOf(rs.getString(2)));
                }
            }
        }
        return asked;
    }

    /** A run's state and error as stored. */
    record StoredState(RunState state, String error) {
    }

    /** The stored states of these runs, by id (runs that do not exist are left out). */
    Map<String, StoredState> states(List<String> runIds) throws SQLException {
        Map<String, StoredState> states = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < runIds.size(); from += 200) {
                List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + 200));
                try (PreparedStatement ps = c.prepareStatement("SELECT id, state, error FROM workflow_run WHERE id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    bind(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            states.put(rs.getString(1), new StoredState(RunState.valueOf(rs.getString(2)), rs.getString(3)));
                        }
                    }
                }
            }
        }
        return states;
    }

    /** Where a run is, for a control asked on a node that does not execute it. */
    record Placement(RunState state, String nodeId) {
    }

    /** The run's state and the node executing it, or {@code null} when there is no such run. */
    Placement placement(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state, node_id FROM workflow_run WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Placement(RunState.valueOf(rs.getString(1)), rs.getString(2)) : null;
            }
        }
    }

    /** Leaves a pause, resume or cancel for the node executing the run; false when it no longer runs or waits. */
    boolean requestControl(String runId, RunAction action) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET control = ? WHERE id = ? AND state IN ('RUNNING', 'PAUSED')")) {
            ps.setString(1, action.name());
            ps.setString(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Queues a finished run again with one branch (and every step after it) to do over: those steps
     * are pending again with no attempts, output or error; the others keep what they made. The
     * run's state is checked under its row lock, so two nodes cannot reopen it twice.
     *
     * @return the steps reopened, empty when the run is not COMPLETED or FAILED (any more)
     */
    List<String> reopenBranch(String runId, String branch, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RunRecord run;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM workflow_run WHERE id = ? FOR UPDATE")) {
                    ps.setString(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return List.of();
                        }
                        run = withSteps(c, runRow(rs, true));
                    }
                }
                if (run.state() != RunState.COMPLETED && run.state() != RunState.FAILED) {
                    c.rollback();
                    return List.of();
                }
                // the branch's steps, then everything that depends on one of the reopened steps (plan order is topological)
                java.util.Set<String> reopen = new java.util.LinkedHashSet<>();
                for (StepRecord step : run.steps()) {
                    if (branch.equals(step.plan().config().get(RunPlanner.BRANCH))
                            || step.plan().dependsOn().stream().anyMatch(reopen::contains)) {
                        reopen.add(step.plan().id());
                    }
                }
                // a step outside what is reopened that one of them needs must be done, or the run would wait for ever
                // (a course whose outline failed has no lesson to make again)
                Map<String, StepRecord> byId = new HashMap<>();
                run.steps().forEach(step -> byId.put(step.plan().id(), step));
                for (String id : reopen) {
                    for (String dep : byId.get(id).plan().dependsOn()) {
                        StepRecord d = byId.get(dep);
                        if (!reopen.contains(dep) && !ActiveRun.workDone(d.state(), d.plan().optional()
                                || d.plan().config().get(RunPlanner.BRANCH) != null)) {
                            c.rollback();
                            throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Step " + dep + " of run " + runId
                                    + " is " + d.state() + ", and " + branch + " needs it; make the run anew instead.");
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_step SET state = 'PENDING', attempt = 0, output = NULL, "
                        + "error = NULL, failure_kind = NULL, retry_after_ms = NULL, started_at = NULL, finished_at = NULL "
                        + "WHERE run_id = ? AND step_id = ?")) {
                    for (String stepId : reopen) {
                        ps.setString(1, runId);
                        ps.setString(2, stepId);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET state = 'QUEUED', error = NULL, finished_at = NULL, "
                        + "node_id = NULL, control = NULL, updated_at = ? WHERE id = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, runId);
                    ps.executeUpdate();
                }
                try (PreparedStatement event = c.prepareStatement("INSERT INTO workflow_event (run_id, at, step_id, state, "
                        + "attempt, error, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    addEvent(event, runId, now, null, RunState.QUEUED.name(), null, null);
                    event.executeBatch();
                }
                c.commit();
                return List.copyOf(reopen);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Cancels a run still in the queue, with its steps; false when it is not queued (any more). */
    boolean cancelQueued(String runId, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int changed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_run SET state = 'CANCELLED', finished_at = ?, "
                        + "updated_at = ? WHERE id = ? AND state = 'QUEUED'")) {
                    ps.setLong(1, now);
                    ps.setLong(2, now);
                    ps.setString(3, runId);
                    changed = ps.executeUpdate();
                }
                if (changed == 1) {
                    finishOpenSteps(c, new OpenSteps(runId, StepState.CANCELLED, now));
                    try (PreparedStatement event = c.prepareStatement("INSERT INTO workflow_event (run_id, at, step_id, state, "
                            + "attempt, error, node_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        addEvent(event, runId, now, null, RunState.CANCELLED.name(), null, null);
                        event.executeBatch();
                    }
                }
                c.commit();
                return changed == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A persisted state change of a run or one of its steps ({@code stepId} null for the run). */
    record StoredEvent(long seq, long at, String stepId, String state, Integer attempt, String error, String nodeId) {
    }

    /** The run's state changes after sequence number {@code after}, in order, at most {@code limit}. */
    List<StoredEvent> events(String runId, long after, int limit) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, at, step_id, state, attempt, error, node_id FROM workflow_event "
                        + "WHERE run_id = ? AND seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, runId);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5) == null ? null : rs.getInt(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return events;
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
