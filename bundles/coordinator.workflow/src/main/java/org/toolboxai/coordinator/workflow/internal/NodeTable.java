package org.toolboxai.coordinator.workflow.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The nodes sharing the database, one row each ({@code workflow_node}): a node's heartbeat is the
 * lease on the runs it executes, and its row tells the others (and the administrator) its load.
 */
final class NodeTable {

    /** A node as its row says, with what the reader concludes from the heartbeat's age. */
    record Node(String id, String address, long startedAt, long heartbeatAt, long stoppedAt, int runningRuns,
            int busyWorkers, int workerThreads, NodeState state) {
    }

    /** Whether a node takes part: heartbeating, silent beyond its lease, or stopped cleanly. */
    enum NodeState {
        UP, STALE, STOPPED;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A node's load at its heartbeat. */
    record Load(int runningRuns, int busyWorkers, int workerThreads) {
    }

    private final DataSource dataSource;
    private final String nodeId;
    private final String address;

    NodeTable(DataSource dataSource, String nodeId, String address) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.address = address;
    }

    /** This node is alive at {@code now} with that load; its row is made on the first beat. */
    void heartbeat(long now, long startedAt, Load load) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // the same columns in the same order for both statements: one binding serves either
            boolean updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_node SET address = ?, started_at = ?, heartbeat_at = ?, "
                    + "running_runs = ?, busy_workers = ?, worker_threads = ?, stopped_at = NULL WHERE id = ?")) {
                updated = bindBeat(ps, now, startedAt, load).executeUpdate() > 0;
            }
            if (!updated) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_node (address, started_at, heartbeat_at, "
                        + "running_runs, busy_workers, worker_threads, id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    bindBeat(ps, now, startedAt, load).executeUpdate();
                }
            }
        }
    }

    private PreparedStatement bindBeat(PreparedStatement ps, long now, long startedAt, Load load) throws SQLException {
        ps.setString(1, address);
        ps.setLong(2, startedAt);
        ps.setLong(3, now);
        ps.setInt(4, load.runningRuns());
        ps.setInt(5, load.busyWorkers());
        ps.setInt(6, load.workerThreads());
        ps.setString(7, nodeId);
        return ps;
    }

    /** Whether another node has heartbeaten since {@code since} and not stopped. */
    boolean othersUp(long since) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM workflow_node WHERE id <> ? AND stopped_at IS NULL "
                        + "AND heartbeat_at >= ?")) {
            ps.setString(1, nodeId);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** This node stopped cleanly: the others take over its runs at once. */
    void stopped(long now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE workflow_node SET stopped_at = ?, running_runs = 0, "
                        + "busy_workers = 0 WHERE id = ?")) {
            ps.setLong(1, now);
            ps.setString(2, nodeId);
            ps.executeUpdate();
        }
    }

    /** Deletes the rows of other nodes silent or stopped since before {@code before} (a node that comes back makes its row again). */
    void forget(long before) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM workflow_node WHERE heartbeat_at < ? AND id <> ?")) {
            ps.setLong(1, before);
            ps.setString(2, nodeId);
            ps.executeUpdate();
        }
    }

    /**
     * Every node, this one first, the others by id; a node that has not heartbeaten since
     * {@code staleBefore} is STALE.
     */
    List<Node> nodes(long staleBefore) throws SQLException {
        List<Node> nodes = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, address, started_at, heartbeat_at, stopped_at, running_runs, "
                    + "busy_workers, worker_threads FROM workflow_node ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, id")) {
                ps.setString(1, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long stopped = rs.getLong(5);
                        long heartbeat = rs.getLong(4);
                        NodeState state = stopped > 0 ? NodeState.STOPPED : heartbeat < staleBefore ? NodeState.STALE : NodeState.UP;
                        nodes.add(new Node(rs.getString(1), rs.getString(2), rs.getLong(3), heartbeat, stopped, rs.getInt(6),
                                rs.getInt(7), rs.getInt(8), state));
                    }
                }
            }
        }
        return nodes;
    }
}
