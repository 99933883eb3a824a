package org.toolboxai.coordinator.resource.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.store.internal.SchemaMigrator;

/** The endpoint's own decisions on a real ledger: validation listing every problem, who sees whose costs. */
class BudgetsEndpointTest {

    private static final Caller ADMIN = new Caller("root", Role.ADMIN, "token");
    private static final Caller TOM = new Caller("tom", Role.TEACHER, "token");
    private static final Clock NOON = Clock.fixed(BudgetLedgerTest.NOON, ZoneOffset.UTC);

    private record Request(String method, String path, Map<String, String> params, Map<String, String> queries,
            Caller who, Object json) implements ApiRequest {
        public String pathParam(String name) {
            return params.get(name);
        }

        public Optional<String> query(String name) {
            return Optional.ofNullable(queries.get(name));
        }

        public List<String> queryAll(String name) {
            return query(name).map(List::of).orElse(List.of());
        }

        public Optional<String> header(String name) {
            return Optional.empty();
        }

        public Optional<Caller> caller() {
            return Optional.of(who);
        }

        public String requestId() {
            return "req-1";
        }

        public boolean hasBody() {
            return json != null;
        }

        public <T> T body(Class<T> type) {
            return type.cast(json);
        }

        public <T> T body(Class<T> type, List<FieldError> unknown) {
            return type.cast(json);
        }
    }

    BudgetLedger ledger;
    BudgetsEndpoint endpoint;

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:budgets-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SchemaMigrator.migrate(h2, "resource", BudgetLedger.class.getClassLoader(), "db/resource");
        ledger = new BudgetLedger(h2, NOON);
        endpoint = new BudgetsEndpoint(new ResourceCoordinator(ledger, new RateLimits(h2), new Allocations(h2, "node-1"),
                new Monitor(NOON), Map.of()), NOON);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ProblemException e) {
        assertThat(e.problem().status()).isEqualTo(400);
        return ((List<FieldError>) e.problem().extensions().get("errors")).stream().map(FieldError::field).toList();
    }

    private Object call(String method, String path, Map<String, String> params, Map<String, String> queries, Caller who, Object body)
            throws Exception {
        ApiRoute route = endpoint.routes().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).findFirst().orElseThrow();
        return route.handler().handle(new Request(method, path, params, queries, who, body)).body();
    }

    private BudgetsEndpoint.BudgetView put(String scope, BigDecimal dollars) throws Exception {
        return (BudgetsEndpoint.BudgetView) call("PUT", "/budgets/{scope}", Map.of("scope", scope), Map.of(), ADMIN,
                new BudgetsEndpoint.BudgetRequest(dollars));
    }

    @Test
    void anAdminSetsABudgetSeesTodaysSpendAgainstItAndMayRemoveIt() throws Exception {
        assertThat(put("global", new BigDecimal("12.50")).leftUsd()).isEqualByComparingTo("12.5");
        ledger.reserve(BudgetLedgerTest.call("tom"), 2_000_000).settle(10, 10, 1_250_000);
        BudgetsEndpoint.BudgetView view = put("global", new BigDecimal("12.50"));
        assertThat(view.settledUsd()).isEqualByComparingTo("1.25");
        assertThat(view.leftUsd()).isEqualByComparingTo("11.25");
        assertThat(view.day()).isEqualTo(LocalDate.of(2026, 12, 1));
        BudgetsEndpoint.BudgetView removed = put("global", null);
        assertThat(removed.dailyUsd()).isNull();
        assertThat(removed.leftUsd()).isNull();
        assertThat(ledger.spend("global", BudgetLedgerTest.TODAY).budget()).isEqualTo(-1);
    }

    @Test
    void aBadScopeAndABadAmountAreListedTogether() {
        assertThatThrownBy(() -> put("class 7b", new BigDecimal("-1")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(fields(e))
                        .containsExactlyInAnyOrder("scope", "daily_usd"));
        assertThatThrownBy(() -> put("user:tom", new BigDecimal("0.0000001")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(fields(e))
                        .containsExactly("daily_usd"));
    }

    @Test
    void aTeacherSeesOnlyTheirOwnCostsAndAnAdminAnyonesGroupedAsAsked() throws Exception {
        ledger.reserve(BudgetLedgerTest.call("tom"), 10_000).settle(1_000, 100, 700);
        ledger.reserve(BudgetLedgerTest.call("ann"), 10_000).settle(2_000, 200, 3_000);
        BudgetsEndpoint.CostList tom = (BudgetsEndpoint.CostList) call("GET", "/costs", Map.of(), Map.of("user", "ann"), TOM, null);
        assertThat(tom.user()).isEqualTo("tom");
        assertThat(tom.totalUsd()).isEqualByComparingTo("0.0007");
        BudgetsEndpoint.CostList all = (BudgetsEndpoint.CostList) call("GET", "/costs", Map.of(), Map.of("group", "user"), ADMIN, null);
        assertThat(all.groups()).extracting(BudgetsEndpoint.CostView::key).containsExactly("ann", "tom");
        assertThat(all.totalUsd()).isEqualByComparingTo("0.0037");
        BudgetsEndpoint.CostList ann = (BudgetsEndpoint.CostList) call("GET", "/costs", Map.of(),
                Map.of("user", "ann", "group", "model"), ADMIN, null);
        assertThat(ann.groups()).extracting(BudgetsEndpoint.CostView::key, BudgetsEndpoint.CostView::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openai/gpt-4o-mini", 1L));
    }

    @Test
    void badCostQueriesAreListedTogether() {
        assertThatThrownBy(() -> call("GET", "/costs", Map.of(), Map.of("from", "yesterday", "group", "week"), ADMIN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(fields(e))
                        .containsExactlyInAnyOrder("from", "group"));
        assertThatThrownBy(() -> call("GET", "/costs", Map.of(), Map.of("from", "2026-12-01", "to", "2026-11-01"), ADMIN, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(fields(e))
                        .containsExactly("to"));
    }
}
