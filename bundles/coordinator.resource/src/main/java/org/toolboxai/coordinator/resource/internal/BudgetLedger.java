package org.toolboxai.coordinator.resource.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily cost budgets (global and per user) and the ledger of model calls. A call reserves its
 * largest possible cost before it is made; the reservation is one conditional UPDATE per scope
 * ({@code reserved + settled + estimate <= budget}) in one transaction, so under any concurrency
 * and on any number of nodes sharing the database the reserved and settled spend of a day never
 * passes a budget. After the call the reservation is settled with the real tokens and cost (the
 * rest goes back) or released when the call failed; either way a ledger row records it.
 */
public final class BudgetLedger {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetLedger.class);

    /** The scope every call counts against. */
    static final String GLOBAL = "global";

    /** The scope of one user's calls. */
    static String userScope(String user) {
        return "user:" + user;
    }

    /** Who makes a call, to what, for which run and step. */
    record Call(String provider, String model, String user, String runId, String stepId) {
    }

    /** What a scope has spent on a day, in micro-dollars; {@code budget} is {@code -1} without a budget. */
    record Spend(String scope, LocalDate day, long reserved, long settled, long budget) {
        long left() {
            return budget < 0 ? Long.MAX_VALUE : Math.max(0, budget - reserved - settled);
        }
    }

    /** A call refused before it was made: which budget, what is left of it, what the call could cost. */
    static final class BudgetExceeded extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Spend spend;
        private final long estimate;

        BudgetExceeded(Spend spend, long estimate) {
            super("The " + (spend.scope().equals(GLOBAL) ? "global" : spend.scope()) + " daily budget of "
                    + Money.format(spend.budget()) + " for " + spend.day() + " has " + Money.format(spend.left())
                    + " left; this call could cost up to " + Money.format(estimate) + ". It is refused before it is made; "
                    + "the budget renews at 00:00 UTC.");
            this.spend = spend;
            this.estimate = estimate;
        }

        Spend spend() {
            return spend;
        }

        long estimate() {
            return estimate;
        }
    }

    /** A reserved call: {@link #settle} it with what it used, or {@link #close} it (released) when it failed. */
    final class Reservation implements AutoCloseable {
        private final String id = UUID.randomUUID().toString();
        private final Call call;
        private final long micros;
        private final LocalDate day;
        private final List<String> scopes;
        private boolean ended;

        private Reservation(Call call, long micros, LocalDate day, List<String> scopes) {
            this.call = call;
            this.micros = micros;
            this.day = day;
            this.scopes = scopes;
        }

        /** The call is done: its real cost is spent, the rest of the reservation goes back. */
        synchronized void settle(long inputTokens, long outputTokens, long costMicros) throws SQLException {
            settle(call.model(), inputTokens, outputTokens, costMicros);
        }

        /** The call is done, answered by {@code model} (a dated name of the model reserved for, say). */
        synchronized void settle(String model, long inputTokens, long outputTokens, long costMicros) throws SQLException {
            if (ended) {
                throw new IllegalStateException("reservation " + id + " already ended");
            }
            if (costMicros > micros) {
                LOG.warn("A {} call to {} cost {} but reserved only {}: the provider reported more tokens than asked for",
                        call.provider(), call.model(), Money.format(costMicros), Money.format(micros));
            }
            end(model, inputTokens, outputTokens, costMicros, "settled");
        }

        /** Releases the reservation unless it was settled: the call failed, nothing was spent. */
        @Override
        public synchronized void close() {
            if (ended) {
                return;
            }
            try {
                end(call.model(), 0, 0, 0, "released");
            } catch (SQLException e) {
                LOG.error("Cannot release the reservation {} of {}: it stays reserved until the day ends", id,
                        Money.format(micros), e);
            }
        }

        long micros() {
            return micros;
        }

        private void end(String model, long inputTokens, long outputTokens, long costMicros, String outcome) throws SQLException {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE resource_spend SET reserved_micros = reserved_micros - ?, "
                        + "settled_micros = settled_micros + ? WHERE scope = ? AND epoch_day = ?")) {
                    for (String scope : scopes) {
                        ps.setLong(1, micros);
                        ps.setLong(2, costMicros);
                        ps.setString(3, scope);
                        ps.setInt(4, (int) day.toEpochDay());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_ledger (id, at, epoch_day, provider, model, "
                        + "user_name, run_id, step_id, input_tokens, output_tokens, reserved_micros, cost_micros, outcome) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setLong(2, clock.millis());
                    ps.setInt(3, (int) day.toEpochDay());
                    ps.setString(4, call.provider());
                    ps.setString(5, model);
                    ps.setString(6, call.user());
                    ps.setString(7, call.runId());
                    ps.setString(8, call.stepId());
                    ps.setLong(9, inputTokens);
                    ps.setLong(10, outputTokens);
                    ps.setLong(11, micros);
                    ps.setLong(12, costMicros);
                    ps.setString(13, outcome);
                    ps.executeUpdate();
                }
                return null;
            });
            ended = true;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    /** The day each scope's spend row is known to exist for, so a reservation does not insert it again. */
    private final Map<String, Integer> spendRows = new java.util.concurrent.ConcurrentHashMap<>();

    BudgetLedger(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Reserves {@code micros} against the global budget and the user's, today (UTC); nothing is
     * reserved when either would be passed.
     *
     * @throws BudgetExceeded naming the first budget the call could pass
     */
    Reservation reserve(Call call, long micros) throws BudgetExceeded, SQLException {
        if (micros < 0) {
            throw new IllegalArgumentException("a negative estimate: " + micros);
        }
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<String> scopes = List.of(GLOBAL, userScope(call.user())); // always in this order: no two reservations wait on each other
        for (String scope : scopes) {
            ensureSpendRow(scope, day);
        }
        Spend refused = inTransaction(c -> {
            Map<String, Long> budgets = budgets(c, scopes);
            for (String scope : scopes) {
                Long budget = budgets.get(scope);
                try (PreparedStatement ps = c.prepareStatement("UPDATE resource_spend SET reserved_micros = reserved_micros + ? "
                        + "WHERE scope = ? AND epoch_day = ?" + (budget == null ? "" : " AND reserved_micros + settled_micros + ? <= ?"))) {
                    ps.setLong(1, micros);
                    ps.setString(2, scope);
                    ps.setInt(3, (int) day.toEpochDay());
                    if (budget != null) {
                        ps.setLong(4, micros);
                        ps.setLong(5, budget);
                    }
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return spend(c, scope, day, budget);
                    }
                }
            }
            return null;
        });
        if (refused != null) {
            throw new BudgetExceeded(refused, micros);
        }
        return new Reservation(call, micros, day, scopes);
    }

    /** How {@link #costs} groups the ledger. */
    public enum Grouping {
        DAY("epoch_day"), USER("user_name"), MODEL("provider, model");

        private final String columns;

        Grouping(String columns) {
            this.columns = columns;
        }
    }

    /** One group of settled calls: its key (a day, a user, or provider/model), calls, tokens, cost. */
    record CostGroup(String key, long calls, long inputTokens, long outputTokens, long costMicros) {
    }

    /**
     * Settled calls from {@code from} to {@code to} (UTC days, both included), of one user or all
     * ({@code user} null), grouped; groups in key order. Released calls cost nothing and are left out.
     */
    List<CostGroup> costs(LocalDate from, LocalDate to, String user, Grouping group) throws SQLException {
        String sql = "SELECT " + group.columns + ", COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cost_micros) "
                + "FROM resource_ledger WHERE outcome = 'settled' AND epoch_day BETWEEN ? AND ?"
                + (user == null ? "" : " AND user_name = ?") + " GROUP BY " + group.columns + " ORDER BY " + group.columns;
        List<CostGroup> groups = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, (int) from.toEpochDay());
            ps.setInt(2, (int) to.toEpochDay());
            if (user != null) {
                ps.setString(3, user);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int next = group == Grouping.MODEL ? 3 : 2;
                    String key = switch (group) {
                        case DAY -> LocalDate.ofEpochDay(rs.getInt(1)).toString();
                        case USER -> rs.getString(1);
                        case MODEL -> rs.getString(1) + "/" + rs.getString(2);
                    };
                    groups.add(new CostGroup(key, rs.getLong(next), rs.getLong(next + 1), rs.getLong(next + 2), rs.getLong(next + 3)));
                }
            }
        }
        return groups;
    }

    /** Sets a scope's daily budget ({@code micros < 0}: no budget). */
    void setBudget(String scope, long micros, String by) throws SQLException {
        inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM resource_budget WHERE scope = ?")) {
                delete.setString(1, scope);
                delete.executeUpdate();
            }
            if (micros >= 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_budget (scope, daily_micros, updated_at, updated_by) "
                        + "VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, scope);
                    ps.setLong(2, micros);
                    ps.setLong(3, clock.millis());
                    ps.setString(4, by);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Every scope with a budget and what it has spent on a day, global first, then by scope. */
    List<Spend> budgetsOn(LocalDate day) throws SQLException {
        List<Spend> spends = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT b.scope, b.daily_micros, COALESCE(s.reserved_micros, 0), "
                        + "COALESCE(s.settled_micros, 0) FROM resource_budget b LEFT JOIN resource_spend s ON s.scope = b.scope "
                        + "AND s.epoch_day = ? ORDER BY CASE WHEN b.scope = 'global' THEN 0 ELSE 1 END, b.scope")) {
            ps.setInt(1, (int) day.toEpochDay());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    spends.add(new Spend(rs.getString(1), day, rs.getLong(3), rs.getLong(4), rs.getLong(2)));
                }
            }
        }
        return spends;
    }

    /** What a scope has spent on a day. */
    Spend spend(String scope, LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return spend(c, scope, day, budgets(c, List.of(scope)).get(scope));
        }
    }

    private static Spend spend(Connection c, String scope, LocalDate day, Long budget) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reserved_micros, settled_micros FROM resource_spend "
                + "WHERE scope = ? AND epoch_day = ?")) {
            ps.setString(1, scope);
            ps.setInt(2, (int) day.toEpochDay());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Spend(scope, day, rs.getLong(1), rs.getLong(2), budget == null ? -1 : budget)
                        : new Spend(scope, day, 0, 0, budget == null ? -1 : budget);
            }
        }
    }

    private static Map<String, Long> budgets(Connection c, List<String> scopes) throws SQLException {
        Map<String, Long> budgets = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT daily_micros FROM resource_budget WHERE scope = ?")) {
            for (String scope : scopes) {
                ps.setString(1, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        budgets.put(scope, rs.getLong(1));
                    }
                }
            }
        }
        return budgets;
    }

    /**
     * The day's spend row of a scope, made on the first call of the day, outside the reservation's
     * transaction (on PostgreSQL a failed insert would end that transaction): two nodes making it
     * at once is fine, the second insert fails on the key and the row is there.
     */
    private void ensureSpendRow(String scope, LocalDate day) throws SQLException {
        Integer known = spendRows.get(scope);
        if (known != null && known == (int) day.toEpochDay()) {
            return; // made earlier today on this node (rows are never deleted)
        }
        if (spendRows.size() > 10_000) {
            spendRows.clear();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO resource_spend (scope, epoch_day, reserved_micros, settled_micros) "
                        + "SELECT ?, ?, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM resource_spend WHERE scope = ? AND epoch_day = ?)")) {
            ps.setString(1, scope);
            ps.setInt(2, (int) day.toEpochDay());
            ps.setString(3, scope);
            ps.setInt(4, (int) day.toEpochDay());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        spendRows.put(scope, (int) day.toEpochDay());
    }

    /** Work on one connection in one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
