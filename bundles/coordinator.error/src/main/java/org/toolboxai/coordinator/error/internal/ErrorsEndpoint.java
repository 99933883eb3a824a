package org.toolboxai.coordinator.error.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Role;

/**
 * {@code GET /api/v1/errors} (error groups and circuits), {@code GET /api/v1/errors/{fingerprint}}
 * (a group with its samples) and {@code POST /api/v1/errors/{fingerprint}/resolve}; admins only,
 * since samples name users and runs.
 */
@Component(service = ApiEndpoint.class)
public class ErrorsEndpoint implements ApiEndpoint {

    /** A group as listed. */
    public record GroupView(String fingerprint, String errorClass, String component, String operation, String service,
            String pattern, String lastMessage, long occurrences, Instant firstSeen, Instant lastSeen, long recoveryAttempts,
            long recovered, String status, Instant resolvedAt, String resolvedBy, String alerted, boolean recurring) {
    }

    /** A group's sample. */
    public record SampleView(Instant at, String node, String message, String runId, String stepId, String requestId, String user) {
    }

    /** A group with its samples. */
    public record GroupDetail(GroupView group, List<SampleView> samples) {
    }

    /** A strategy's record for a class. */
    public record StrategyView(String strategy, String errorClass, long tried, long succeeded) {
    }

    /** Answer of {@code GET /api/v1/errors}. */
    public record ErrorList(List<GroupView> groups, List<Breakers.Circuit> circuits, List<StrategyView> strategies) {
    }

    /** Answer of {@code GET /api/v1/alerts}. */
    public record AlertList(List<String> channels, long duplicatesHeldBack, java.util.Map<String, Long> throttled,
            List<org.toolboxai.coordinator.error.internal.alert.AlertRecord> alerts) {
    }

    static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");
    static final int MAX_LIMIT = 500;

    private final ErrorCoordinatorService errors;

    /** Serves the coordinator's groups. */
    @Activate
    public ErrorsEndpoint(@Reference ErrorCoordinatorService errors) {
        this.errors = errors;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/errors", Role.ADMIN, this::list)
                        .described("Error groups (latest failure first), the circuits of remote services and the recovery strategies' record",
                                null, ErrorList.class)
                        .withQuery("status", String.class, "open (default), resolved or all")
                        .withQuery("class", String.class, "network, timeout, rate_limited, budget, authentication, invalid_output, validation or internal")
                        .withQuery("component", String.class, "only this component's groups")
                        .withQuery("limit", Integer.class, "at most this many groups, 1-" + MAX_LIMIT + ", default 100"),
                ApiRoute.get("/errors/{fingerprint}", Role.ADMIN, this::one)
                        .described("One error group with its latest samples (contexts)", null, GroupDetail.class),
                new ApiRoute("POST", "/errors/{fingerprint}/resolve", Role.ADMIN, this::resolve)
                        .described("Mark an error group resolved; it reopens (as recurring) when it fails again", null, GroupView.class),
                ApiRoute.get("/alerts", Role.ADMIN, request -> ApiResponse.ok(alerts()))
                        .described("The latest alerts on this node (newest first) with each channel's delivery, the channels, "
                                + "and how many repeats were held back or throttled", null, AlertList.class));
    }

    private ApiResponse list(ApiRequest request) {
        List<FieldError> problems = new ArrayList<>();
        String status = request.query("status").orElse("open");
        if (!List.of("open", "resolved", "all").contains(status)) {
            problems.add(new FieldError("status", "open, resolved or all"));
        }
        ErrorClass errorClass = null;
        String asked = request.query("class").orElse(null);
        if (asked != null) {
            try {
                errorClass = ErrorClass.valueOf(asked.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldError("class", "one of " + List.of(ErrorClass.values()).stream().map(Classifier::wire).toList()));
            }
        }
        int limit = 100;
        String limitText = request.query("limit").orElse(null);
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_LIMIT) {
                    problems.add(new FieldError("limit", "from 1 to " + MAX_LIMIT));
                }
            } catch (NumberFormatException e) {
                problems.add(new FieldError("limit", "a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        try {
            List<GroupView> groups = errors.groups().list(status.equals("all") ? null : status, errorClass,
                    request.query("component").orElse(null), limit).stream().map(ErrorsEndpoint::view).toList();
            List<StrategyView> strategies = errors.strategyStats().stream()
                    .map(s -> new StrategyView(s.strategy(), Classifier.wire(s.errorClass()), s.tried(), s.succeeded())).toList();
            return ApiResponse.ok(new ErrorList(groups, errors.breakers().circuits(), strategies));
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    /** What {@code GET /api/v1/alerts} and {@code toolbox:alerts} show. */
    public AlertList alerts() {
        var dispatcher = errors.dispatcher();
        return new AlertList(dispatcher.channels(), dispatcher.duplicatesHeldBack(), dispatcher.throttled(), dispatcher.history());
    }

    private ApiResponse one(ApiRequest request) {
        String fingerprint = fingerprint(request);
        try {
            ErrorGroups.Group group = errors.groups().get(fingerprint).orElseThrow(() -> notFound(fingerprint));
            List<SampleView> samples = errors.groups().samples(fingerprint).stream().map(s -> new SampleView(Instant.ofEpochMilli(s.at()),
                    s.node(), s.message(), s.runId(), s.stepId(), s.requestId(), s.user())).toList();
            return ApiResponse.ok(new GroupDetail(view(group), samples));
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    private ApiResponse resolve(ApiRequest request) {
        String fingerprint = fingerprint(request);
        try {
            if (!errors.groups().resolve(fingerprint, request.requireCaller().name(), System.currentTimeMillis())) {
                throw notFound(fingerprint);
            }
            return ApiResponse.ok(view(errors.groups().get(fingerprint).orElseThrow(() -> notFound(fingerprint))));
        } catch (SQLException e) {
            throw unavailable();
        }
    }

    private static String fingerprint(ApiRequest request) {
        String fingerprint = request.pathParam("fingerprint");
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw ProblemException.invalid(List.of(new FieldError("fingerprint", "32 lower-case hex digits, as GET /api/v1/errors lists them")));
        }
        return fingerprint;
    }

    public static GroupView view(ErrorGroups.Group g) {
        return new GroupView(g.fingerprint(), Classifier.wire(g.errorClass()), g.component(), g.operation(), g.service(), g.pattern(),
                g.lastMessage(), g.occurrences(), Instant.ofEpochMilli(g.firstSeen()), Instant.ofEpochMilli(g.lastSeen()),
                g.recoveryAttempts(), g.recovered(), g.status(), g.resolvedAt() == null ? null : Instant.ofEpochMilli(g.resolvedAt()),
                g.resolvedBy(), g.alertedLevel().toLowerCase(Locale.ROOT), g.reopened() > 0);
    }

    private static ProblemException notFound(String fingerprint) {
        return ProblemException.notFound("No error group has the fingerprint " + fingerprint + ".");
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("The error groups cannot be read from the store now; try again shortly.");
    }
}
