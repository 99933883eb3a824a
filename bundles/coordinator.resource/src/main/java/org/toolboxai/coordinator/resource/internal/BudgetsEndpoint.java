package org.toolboxai.coordinator.resource.internal;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * {@code PUT /api/v1/budgets/{scope}} (admins set or remove the daily budget of {@code global}
 * or {@code user:<name>}) and {@code GET /api/v1/costs} (settled model-call costs from the
 * ledger, grouped by day, user or model: teachers see their own, admins anyone's).
 */
@Component(service = ApiEndpoint.class)
public class BudgetsEndpoint implements ApiEndpoint {

    /** Body of {@code PUT /api/v1/budgets/{scope}}: dollars per UTC day, as a string or number; null removes the budget. */
    public record BudgetRequest(BigDecimal dailyUsd) {
    }

    /** A scope's budget and today's spend against it, in dollars. */
    public record BudgetView(String scope, BigDecimal dailyUsd, LocalDate day, BigDecimal reservedUsd, BigDecimal settledUsd,
            BigDecimal leftUsd) {
    }

    /** One group of {@code GET /api/v1/costs}. */
    public record CostView(String key, long calls, long inputTokens, long outputTokens, BigDecimal costUsd) {
    }

    /** Answer of {@code GET /api/v1/costs}. */
    public record CostList(LocalDate from, LocalDate to, String user, String group, List<CostView> groups, BigDecimal totalUsd) {
    }

    public static final Pattern SCOPE = Pattern.compile("global|user:[A-Za-z0-9._@-]{1,100}");
    /** The longest range of days one request may ask for. */
    static final int MAX_DAYS = 366;

    private final ResourceCoordinator resources;
    private final java.time.Clock clock;

    /** Serves the coordinator's budgets and ledger. */
    @Activate
    public BudgetsEndpoint(@Reference ResourceCoordinator resources) {
        this(resources, java.time.Clock.systemUTC());
    }

    public BudgetsEndpoint(ResourceCoordinator resources, java.time.Clock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("PUT", "/budgets/{scope}", Role.ADMIN, this::setBudget)
                        .described("Set (or, with daily_usd null, remove) the daily budget of global or user:<name>",
                                BudgetRequest.class, BudgetView.class),
                ApiRoute.get("/costs", Role.TEACHER, this::costs)
                        .described("Settled model-call costs from the ledger, grouped by day, user or model", null, CostList.class)
                        .withQuery("from", LocalDate.class, "first UTC day, default today")
                        .withQuery("to", LocalDate.class, "last UTC day, default today")
                        .withQuery("user", String.class, "admins only: one user's calls")
                        .withQuery("group", String.class, "day (default), user or model"));
    }

    private ApiResponse setBudget(ApiRequest request) {
        String scope = request.pathParam("scope");
        List<FieldError> problems = new ArrayList<>();
        if (!SCOPE.matcher(scope).matches()) {
            problems.add(new FieldError("scope", "global, or user:<name> (letters, digits, '.', '_', '@', '-')"));
        }
        BudgetRequest body = request.hasBody() ? request.body(BudgetRequest.class, problems) : null;
        if (body == null) {
            problems.add(new FieldError("daily_usd", "required: dollars per UTC day, or null to remove the budget"));
        } else if (body.dailyUsd() != null && (body.dailyUsd().signum() < 0 || body.dailyUsd().scale() > 6
                || body.dailyUsd().compareTo(BigDecimal.valueOf(1_000_000)) > 0)) {
            problems.add(new FieldError("daily_usd", "dollars from 0 to 1000000, at most 6 decimals"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return ApiResponse.ok(setBudget(scope, body.dailyUsd(), request.requireCaller().name()));
    }

    /** Sets (or with {@code dailyUsd} null removes) a scope's daily budget, already validated; today's spend against it. */
    public BudgetView setBudget(String scope, BigDecimal dailyUsd, String by) {
        long micros = dailyUsd == null ? -1 : dailyUsd.movePointRight(6).longValueExact();
        try {
            resources.ledger().setBudget(scope, micros, by);
            BudgetLedger.Spend spend = resources.ledger().spend(scope, today());
            return new BudgetView(scope, spend.budget() < 0 ? null : Money.dollars(spend.budget()), spend.day(),
                    Money.dollars(spend.reserved()), Money.dollars(spend.settled()),
                    spend.budget() < 0 ? null : Money.dollars(spend.left()));
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private ApiResponse costs(ApiRequest request) {
        Caller caller = request.requireCaller();
        List<FieldError> problems = new ArrayList<>();
        LocalDate from = day(request, "from", problems);
        LocalDate to = day(request, "to", problems);
        BudgetLedger.Grouping group = null;
        String asked = request.query("group").orElse("day");
        try {
            group = BudgetLedger.Grouping.valueOf(asked.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError("group", "day, user or model"));
        }
        if (from != null && to != null && (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() >= MAX_DAYS)) {
            problems.add(new FieldError("to", "on or after from, at most " + MAX_DAYS + " days after it"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        String user = caller.has(Role.ADMIN) ? request.query("user").orElse(null) : caller.name();
        return ApiResponse.ok(costs(from, to, user, group));
    }

    /** Settled costs from {@code from} to {@code to}, of one user or everyone ({@code null}), grouped. */
    public CostList costs(LocalDate from, LocalDate to, String user, BudgetLedger.Grouping group) {
        try {
            List<CostView> groups = resources.ledger().costs(from, to, user, group).stream()
                    .map(g -> new CostView(g.key(), g.calls(), g.inputTokens(), g.outputTokens(), Money.dollars(g.costMicros()))).toList();
            BigDecimal total = groups.stream().map(CostView::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            return new CostList(from, to, user, group.name().toLowerCase(Locale.ROOT), groups, total);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private LocalDate day(ApiRequest request, String name, List<FieldError> problems) {
        String value = request.query(name).orElse(null);
        if (value == null) {
            return today();
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new FieldError(name, "a day as YYYY-MM-DD"));
            return null;
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static ProblemException unavailable(SQLException e) {
        return ProblemException.unavailable("The budgets and ledger cannot be read from the store now; try again shortly.");
    }
}
