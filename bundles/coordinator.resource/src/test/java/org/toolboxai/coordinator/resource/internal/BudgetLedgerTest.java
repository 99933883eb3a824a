package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * Budgets and the ledger on a real database: reservations never pass a budget, whatever the
 * concurrency, and the ledger adds up to what was settled. Sums are checked with SQL of the test's
 * own against the tables, not through the ledger's reads.
 */
class BudgetLedgerTest {

    static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    DataSource dataSource;
    BudgetLedger ledger;

    /** Embedded H2 (one database per test); the PostgreSQL subclass gives a fresh database of the test server. */
    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:budget-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        SchemaMigrator.migrate(dataSource, "resource", BudgetLedger.class.getClassLoader(), "db/resource");
        ledger = new BudgetLedger(dataSource, Clock.fixed(NOON, ZoneOffset.UTC));
    }

    static BudgetLedger.Call call(String user) {
        return new BudgetLedger.Call("openai", "gpt-4o-mini", user, "run-1", "quiz");
    }

    @Test
    void aCallThatCouldPassTheBudgetIsRefusedBeforeItIsMadeSayingWhichAndWhatIsLeft() throws Exception {
        ledger.setBudget(BudgetLedger.GLOBAL, Money.micros("1.00"), "admin");
        BudgetLedger.Reservation first = ledger.reserve(call("tom"), 600_000);
        assertThatThrownBy(() -> ledger.reserve(call("ann"), 500_000))
                .isInstanceOfSatisfying(BudgetLedger.BudgetExceeded.class, e -> {
                    assertThat(e.spend().scope()).isEqualTo(BudgetLedger.GLOBAL);
                    assertThat(e.spend().left()).isEqualTo(400_000);
                    assertThat(e.getMessage()).contains("$1.00").contains("$0.40").contains("$0.50").contains("2026-12-01");
                });
        // nothing of the refused call was reserved anywhere
        assertThat(column("SELECT reserved_micros FROM resource_spend WHERE scope = 'user:ann'")).isZero();
        first.settle(1200, 300, 250_000);
        // settling gave back the rest: the other call fits now
        ledger.reserve(call("ann"), 500_000).close();
        assertThat(ledger.spend(BudgetLedger.GLOBAL, TODAY)).extracting(BudgetLedger.Spend::reserved, BudgetLedger.Spend::settled)
                .containsExactly(0L, 250_000L);
    }

    @Test
    void aUsersBudgetHoldsWhileTheGlobalOneHasRoom() throws Exception {
        ledger.setBudget(BudgetLedger.GLOBAL, Money.micros("100"), "admin");
        ledger.setBudget(BudgetLedger.userScope("tom"), Money.micros("0.10"), "admin");
        ledger.reserve(call("tom"), 60_000).settle(10, 10, 60_000);
        assertThatThrownBy(() -> ledger.reserve(call("tom"), 60_000))
                .isInstanceOfSatisfying(BudgetLedger.BudgetExceeded.class, e -> assertThat(e.spend().scope()).isEqualTo("user:tom"));
        // the global reservation of the refused call was rolled back with it
        assertThat(ledger.spend(BudgetLedger.GLOBAL, TODAY).reserved()).isZero();
        ledger.reserve(call("ann"), 60_000).close();
    }

    @Test
    void aFailedCallReleasesItsReservationAndTheLedgerSaysSo() throws Exception {
        ledger.setBudget(BudgetLedger.GLOBAL, 1_000_000, "admin");
        try (BudgetLedger.Reservation r = ledger.reserve(call("tom"), 900_000)) {
            assertThat(ledger.spend(BudgetLedger.GLOBAL, TODAY).reserved()).isEqualTo(900_000);
            // the call fails: the reservation is closed without being settled
        }
        assertThat(ledger.spend(BudgetLedger.GLOBAL, TODAY)).extracting(BudgetLedger.Spend::reserved, BudgetLedger.Spend::settled)
                .containsExactly(0L, 0L);
        assertThat(column("SELECT COUNT(*) FROM resource_ledger WHERE outcome = 'released' AND cost_micros = 0")).isEqualTo(1);
    }

    @Test
    void aDayHasItsOwnSpend() throws Exception {
        ledger.setBudget(BudgetLedger.GLOBAL, 100, "admin");
        ledger.reserve(call("tom"), 100).settle(1, 1, 100);
        BudgetLedger tomorrow = new BudgetLedger(dataSource, Clock.fixed(NOON.plusSeconds(86_400), ZoneOffset.UTC));
        tomorrow.reserve(call("tom"), 100).settle(1, 1, 100);
        assertThat(column("SELECT COUNT(*) FROM resource_spend WHERE scope = 'global'")).isEqualTo(2);
    }

    @Test
    void underFiftyConcurrentCallsTheSettledSpendNeverPassesTheBudgetAndTheLedgerAddsUp() throws Exception {
        long budget = 10_000;
        long estimate = 1_000;
        ledger.setBudget(BudgetLedger.GLOBAL, budget, "admin");
        int callers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String user = "user" + (i % 7);
            boolean fails = i % 5 == 0;
            calls.add(pool.submit(() -> {
                go.await();
                BudgetLedger.Reservation r;
                try {
                    r = ledger.reserve(call(user), estimate);
                } catch (BudgetLedger.BudgetExceeded e) {
                    assertThat(e.spend().scope()).isEqualTo(BudgetLedger.GLOBAL);
                    return -1L;
                }
                if (fails) {
                    r.close();
                    return 0L;
                }
                long cost = 600 + (long) (Math.random() * 400);
                r.settle(100, 50, cost);
                return cost;
            }));
        }
        go.countDown();
        long settled = 0;
        int refused = 0;
        int granted = 0;
        for (Future<Long> f : calls) {
            long outcome = f.get(60, TimeUnit.SECONDS);
            if (outcome < 0) {
                refused++;
            } else {
                granted++;
                settled += outcome;
            }
        }
        pool.shutdown();
        assertThat(granted).as("reservations granted").isGreaterThanOrEqualTo(10);
        assertThat(refused).isGreaterThan(0);
        assertThat(granted + refused).isEqualTo(callers);
        assertThat(column("SELECT settled_micros FROM resource_spend WHERE scope = 'global'")).isEqualTo(settled).isLessThanOrEqualTo(budget);
        assertThat(column("SELECT reserved_micros FROM resource_spend WHERE scope = 'global'")).isZero();
        assertThat(column("SELECT COALESCE(SUM(cost_micros), 0) FROM resource_ledger")).isEqualTo(settled);
        assertThat(column("SELECT COUNT(*) FROM resource_ledger")).isEqualTo(granted);
        // per user, the spend rows add up to the global one
        assertThat(column("SELECT SUM(settled_micros) FROM resource_spend WHERE scope LIKE 'user:%'")).isEqualTo(settled);
    }

    @Test
    void theLedgerAnswersSettledCostsByDayUserOrModel() throws Exception {
        ledger.reserve(call("tom"), 10_000).settle(1_000, 100, 700);
        ledger.reserve(new BudgetLedger.Call("openai", "gpt-4o", "ann", null, null), 10_000).settle(2_000, 200, 3_000);
        ledger.reserve(call("ann"), 10_000).close(); // released: costs nothing, not listed
        BudgetLedger tomorrow = new BudgetLedger(dataSource, Clock.fixed(NOON.plusSeconds(86_400), ZoneOffset.UTC));
        tomorrow.reserve(call("tom"), 10_000).settle(500, 50, 300);

        assertThat(ledger.costs(TODAY, TODAY.plusDays(1), null, BudgetLedger.Grouping.DAY)).containsExactly(
                new BudgetLedger.CostGroup("2026-12-01", 2, 3_000, 300, 3_700),
                new BudgetLedger.CostGroup("2026-12-02", 1, 500, 50, 300));
        assertThat(ledger.costs(TODAY, TODAY.plusDays(1), null, BudgetLedger.Grouping.USER)).containsExactly(
                new BudgetLedger.CostGroup("ann", 1, 2_000, 200, 3_000),
                new BudgetLedger.CostGroup("tom", 2, 1_500, 150, 1_000));
        assertThat(ledger.costs(TODAY, TODAY, "tom", BudgetLedger.Grouping.MODEL)).containsExactly(
                new BudgetLedger.CostGroup("openai/gpt-4o-mini", 1, 1_000, 100, 700));
        assertThat(ledger.costs(TODAY.minusDays(3), TODAY.minusDays(1), null, BudgetLedger.Grouping.DAY)).isEmpty();
    }

    private long column(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
