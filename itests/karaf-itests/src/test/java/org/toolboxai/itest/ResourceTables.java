package org.toolboxai.itest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resource coordinator's budget tables ({@code resource_spend}, {@code resource_ledger}) read
 * with this test's own SQL, so what the API says about spend can be checked against what is stored.
 * Money in micro-dollars, as stored.
 */
final class ResourceTables {

    private ResourceTables() {
    }

    /** What a run's settled model calls used: how many, their cost, the largest reservation among them. */
    record RunCost(int calls, long settled, long maxReserved) {
    }

    /** Settled calls by run id. */
    static Map<String, RunCost> costsByRun(PostgresDatabase db) throws SQLException {
        Map<String, RunCost> costs = new HashMap<>();
        query(db, "SELECT run_id, COUNT(*), SUM(cost_micros), MAX(reserved_micros) FROM resource_ledger WHERE outcome = 'settled' "
                + "GROUP BY run_id", rs -> costs.put(rs.getString(1), new RunCost(rs.getInt(2), rs.getLong(3), rs.getLong(4))));
        return costs;
    }

    /** The cost of every ledger row (settled or released), by epoch day. */
    static Map<Integer, Long> ledgerByDay(PostgresDatabase db) throws SQLException {
        Map<Integer, Long> days = new TreeMap<>();
        query(db, "SELECT epoch_day, SUM(cost_micros) FROM resource_ledger GROUP BY epoch_day", rs -> days.put(rs.getInt(1), rs.getLong(2)));
        return days;
    }

    /** The global scope's settled spend, by epoch day. */
    static Map<Integer, Long> globalSettledByDay(PostgresDatabase db) throws SQLException {
        Map<Integer, Long> days = new TreeMap<>();
        query(db, "SELECT epoch_day, settled_micros FROM resource_spend WHERE scope = 'global'", rs -> days.put(rs.getInt(1), rs.getLong(2)));
        return days;
    }

    /** The global scope's settled spend, all days. */
    static long settledGlobal(PostgresDatabase db) throws SQLException {
        return globalSettledByDay(db).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reserved now, in every scope (global and each user's). */
    static long reservedAnywhere(PostgresDatabase db) throws SQLException {
        long[] reserved = {0};
        query(db, "SELECT COALESCE(SUM(reserved_micros), 0) FROM resource_spend", rs -> reserved[0] = rs.getLong(1));
        return reserved[0];
    }

    /** Ledger rows whose cost is above what the call reserved, described with their step and tokens. */
    static List<String> settledMoreThanReserved(PostgresDatabase db) throws SQLException {
        List<String> rows = new ArrayList<>();
        query(db, "SELECT step_id, input_tokens, output_tokens, reserved_micros, cost_micros FROM resource_ledger "
                + "WHERE cost_micros > reserved_micros", rs -> rows.add(rs.getString(1) + ": " + rs.getLong(2) + " + " + rs.getLong(3)
                        + " tokens, reserved " + rs.getLong(4) + ", settled " + rs.getLong(5)));
        return rows;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(PostgresDatabase db, String sql, Row row) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }
}
