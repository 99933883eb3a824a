package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.ModelUsage;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * The resource coordinator's service on a real database: a permit is a rate-limit grant and a
 * budget reservation; settling writes the ledger at the configured price, closing unsettled
 * releases it; refusals name the limit or the budget. Sums are read with the test's own SQL.
 */
class GuardServiceTest {

    static final Instant AFTERNOON = Instant.parse("2026-12-01T15:00:00Z");
    static final CallContext CALL = new CallContext("agents", "quiz", "openai", "tom", "run-1", "quiz_creation", null);

    JdbcDataSource h2;
    ResourceCoordinator resources;
    GuardService guard;

    @BeforeEach
    void start() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:guard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(h2, "resource", BudgetLedger.class.getClassLoader(), "db/resource");
        Clock clock = Clock.fixed(AFTERNOON, ZoneOffset.UTC);
        Map<String, Object> config = new HashMap<>();
        config.put("price.openai.gpt-4o-mini.input", "0.15");
        config.put("price.openai.gpt-4o-mini.output", "0.60");
        config.put("service.openai.per.minute", "3");
        config.put("service.openai.concurrent", "2");
        resources = new ResourceCoordinator(new BudgetLedger(h2, clock), new RateLimits(h2), new Allocations(h2, "node-1"),
                new Monitor(clock), config);
        guard = new GuardService(resources);
    }

    long sql(String query) throws Exception {
        try (Connection c = h2.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSettledCallIsInTheLedgerAtItsPriceAndAnUnsettledOneIsReleased() throws Exception {
        try (Permit permit = guard.acquire(CALL, new ModelUsage("gpt-4o-mini", 2_000, 4_096), Duration.ZERO)) {
            // reserved: 2000 x 0.15 + 4096 x 0.60 per million = 300 + 2458 (rounded up) micro-dollars
            assertThat(sql("SELECT reserved_micros FROM resource_spend WHERE scope = 'global'")).isEqualTo(2_758);
            permit.settle(new ModelUsage("gpt-4o-mini-2024-07-18", 1_000, 500)); // a dated name: the reserved model's price
        }
        try (Permit failed = guard.acquire(CALL, new ModelUsage("gpt-4o-mini", 2_000, 4_096), Duration.ZERO)) {
            assertThat(failed).isNotNull(); // the call fails: nothing settled
        }

        assertThat(sql("SELECT reserved_micros FROM resource_spend WHERE scope = 'global'")).isZero();
        assertThat(sql("SELECT settled_micros FROM resource_spend WHERE scope = 'user:tom'")).isEqualTo(150 + 300);
        assertThat(sql("SELECT COUNT(*) FROM resource_ledger WHERE outcome = 'settled' AND model = 'gpt-4o-mini-2024-07-18' "
                + "AND input_tokens = 1000 AND output_tokens = 500 AND cost_micros = 450 AND user_name = 'tom' "
                + "AND run_id = 'run-1' AND step_id = 'quiz_creation'")).isEqualTo(1);
        assertThat(sql("SELECT COUNT(*) FROM resource_ledger WHERE outcome = 'released' AND cost_micros = 0")).isEqualTo(1);
        assertThat(resources.monitor().series("openai")).last().satisfies(m -> {
            assertThat(m.granted()).isEqualTo(2);
            assertThat(m.settled()).isEqualTo(1);
            assertThat(m.failed()).isEqualTo(1);
            assertThat(m.costMicros()).isEqualTo(450);
        });
    }

    @Test
    void aCallThatCouldPassTheBudgetIsRefusedBeforeItIsMadeAndGivesItsSlotBack() throws Exception {
        resources.ledger().setBudget("user:tom", 3_000, "admin");
        Permit first = guard.acquire(CALL, new ModelUsage("gpt-4o-mini", 2_000, 4_096), Duration.ZERO);

        assertThatThrownBy(() -> guard.acquire(CALL, new ModelUsage("gpt-4o-mini", 2_000, 4_096), Duration.ZERO))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.OVER_BUDGET);
                    assertThat(e.getMessage()).contains("user:tom daily budget of $0.003").contains("could cost up to $0.002758");
                });
        assertThat(resources.limits().snapshot()).filteredOn(s -> s.service().equals("openai")).singleElement()
                .satisfies(s -> assertThat(s.inFlight()).isEqualTo(1));
        first.close();
        assertThat(resources.monitor().series("openai")).last().satisfies(m -> assertThat(m.refusedByBudget()).isEqualTo(1));
    }

    @Test
    void whenAServiceAsksToSlowDownItsPermitsWaitOrAreRefusedSayingWhy() {
        CallContext canvas = new CallContext("lms", "create_page", "canvas", "tom", null, null, null);
        guard.slowDown("canvas", Duration.ofMillis(300), "canvas answered 403 Rate Limit Exceeded");

        assertThatThrownBy(() -> guard.acquire(canvas, null, Duration.ZERO)).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.failure().message()).startsWith("canvas asked to slow down (canvas answered 403 Rate Limit Exceeded)");
            assertThat(e.failure().retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        // another service is not held up
        guard.acquire(new CallContext("lms", "push", "schoology", "tom", null, null, null), null, Duration.ZERO).close();
        // a caller that may wait long enough is let through only once the pause is over
        long asked = System.nanoTime();
        guard.slowDown("canvas", Duration.ofMillis(300), "canvas answered 403 Rate Limit Exceeded");
        guard.acquire(canvas, null, Duration.ofSeconds(5)).close();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // and once it is over, a caller that cannot wait is let through too
        guard.acquire(canvas, null, Duration.ZERO).close();
        // a shorter pause asked meanwhile does not shorten a longer one
        guard.slowDown("canvas", Duration.ofMinutes(2), "first");
        guard.slowDown("canvas", Duration.ofSeconds(1), "second");
        assertThatThrownBy(() -> guard.acquire(canvas, null, Duration.ZERO)).hasMessageContaining("(first)");
    }

    @Test
    void aRateLimitRefusalNamesTheLimitAndIsCounted() {
        for (int i = 0; i < 3; i++) {
            guard.acquire(CALL, null, Duration.ZERO).close();
        }

        assertThatThrownBy(() -> guard.acquire(CALL, null, Duration.ZERO)).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.getMessage()).startsWith("openai: 3 requests per minute");
            assertThat(e.failure().retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20));
        });
        assertThat(resources.monitor().series("openai")).last().satisfies(m -> assertThat(m.refusedByLimit()).isEqualTo(1));
    }

    @Test
    void theRecommendationsNameASaturatedLimitABudgetRunningOutAndAFailingProvider() throws Exception {
        Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
        Clock moving = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        Monitor monitor = new Monitor(moving);
        for (int minute = 0; minute < 60; minute++) {
            monitor.granted("openai", minute < 40 ? Duration.ofMillis(900) : Duration.ZERO);
            if (minute % 2 == 0) {
                monitor.refusedByLimit("openai");
            }
            monitor.failed("openai");
            if (minute % 3 == 0) {
                monitor.settled("openai", 100);
            }
            now[0] = now[0].plusSeconds(60);
        }
        now[0] = now[0].minusSeconds(1);
        // 11:00 UTC: $2 of $5 spent runs out after 27.5 h, not today; $3 runs out after 18 h 20 min
        BudgetLedger.Spend onTrack = new BudgetLedger.Spend("global", LocalDate.of(2026, 12, 1), 0, 2_000_000, 5_000_000);
        BudgetLedger.Spend runningOut = new BudgetLedger.Spend("user:tom", LocalDate.of(2026, 12, 1), 1_000_000, 2_000_000, 5_000_000);

        List<String> advice = monitor.recommendations(Map.of("openai", new ServiceLimits("openai", 60, 60, 0, 8)),
                List.of(onTrack, runningOut));

        assertThat(advice).hasSize(3);
        assertThat(advice.get(0)).startsWith("At today's pace the user:tom daily budget of $5.00 runs out at about 18:19 UTC");
        assertThat(advice.get(1)).startsWith("openai: its rate limits made calls wait or refused them in 50 of the last 60 minutes (30 refused)")
                .contains("service.openai.per.minute (now 60)");
        assertThat(advice.get(2)).startsWith("openai failed 75% of its calls in the last hour (60 of 80)");
    }
}
