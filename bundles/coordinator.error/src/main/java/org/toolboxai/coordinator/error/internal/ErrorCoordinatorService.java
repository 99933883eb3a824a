package org.toolboxai.coordinator.error.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertChannel;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.error.ErrorReport;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.error.RecoveryStrategy;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.store.Store;
import org.toolboxai.coordinator.error.internal.alert.AlertDispatcher;

/**
 * The error coordinator: failures reported by any component are classified and grouped in the
 * store (so every node sees the same groups, and a reinstalled bundle finds them again); calls to
 * remote services run under recovery with a circuit breaker per service; alerts are raised for new
 * groups of the classes someone must act on, spikes, recurring groups, opened circuits, and
 * escalated to CRITICAL for a group still failing after N recovery attempts or T minutes.
 */
@Component(service = {ErrorCoordinator.class, ErrorCoordinatorService.class}, configurationPid = ErrorConfig.PID)
@Designate(ocd = ErrorConfig.class)
public class ErrorCoordinatorService implements ErrorCoordinator {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorCoordinatorService.class);

    /** The component name agents use; its calls fall back to {@code fallback.models}. */
    static final String AGENTS = "agents";

    private final ErrorGroups groups;
    private final Clock clock;
    private final String node;
    private final List<Recovery.Ranked> strategies = new CopyOnWriteArrayList<>();
    private final Map<String, ErrorGroups.StrategyStats> stats = new ConcurrentHashMap<>();
    private final SpikeDetector spikes = new SpikeDetector();
    private final ScheduledExecutorService ticker;
    private final AlertDispatcher dispatcher = new AlertDispatcher();
    private volatile AlertSink alerts = dispatcher::raise;
    private volatile Sleeper sleeper = delay -> Thread.sleep(delay.toMillis());
    private volatile ErrorConfig config;
    private volatile Map<String, Object> raw;
    private volatile Breakers breakers;
    private volatile Recovery recovery;

    /** Opens the groups on the migrated schema. */
    @Activate
    public ErrorCoordinatorService(@Reference(target = "(" + Store.SCHEMA + "=error)") Store store, ErrorConfig config,
            Map<String, Object> raw) {
        this(new ErrorGroups(store.dataSource(), config.samples_per_group()), config, raw, Clock.systemUTC(), true);
    }

    ErrorCoordinatorService(ErrorGroups groups, ErrorConfig config, Map<String, Object> raw, Clock clock, boolean tick) {
        this.groups = groups;
        this.clock = clock;
        this.node = System.getProperty("karaf.name", "node");
        modified(config, raw);
        try {
            groups.strategyStats().forEach(s -> stats.put(key(s.strategy(), s.errorClass()), s));
        } catch (SQLException e) {
            LOG.warn("Cannot read the recovery strategies' statistics; they start from nothing", e);
        }
        this.ticker = tick ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "toolbox-error-escalation");
            t.setDaemon(true);
            return t;
        }) : null;
        if (ticker != null) {
            ticker.scheduleWithFixedDelay(this::escalateOverdue, 30, 30, TimeUnit.SECONDS);
        }
    }

    @Modified
    void modified(ErrorConfig changed, Map<String, Object> changedRaw) {
        this.config = changed;
        this.raw = Map.copyOf(changedRaw == null ? Map.of() : changedRaw);
        groups.samplesPerGroup(changed.samples_per_group());
        Breakers next = new Breakers(changed.circuit_failure_rate(), changed.circuit_window(), changed.circuit_minimum_calls(),
                Duration.ofSeconds(changed.circuit_open_seconds()), changed.circuit_half_open_calls(), clock, this::transition);
        this.breakers = next;
        this.recovery = new Recovery(host(), next, () -> strategies);
    }

    @Deactivate
    void deactivate() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        dispatcher.close();
    }

    /** An alert channel appeared: alerts of its level go to it from now on. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChannel(AlertChannel channel) {
        dispatcher.addChannel(channel);
    }

    void removeChannel(AlertChannel channel) {
        dispatcher.removeChannel(channel);
    }

    /** The dispatcher: its history for GET /api/v1/alerts. */
    public AlertDispatcher dispatcher() {
        return dispatcher;
    }

    /** How recovery waits (tests move a clock instead). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    void sleeper(Sleeper replacement) {
        this.sleeper = replacement;
    }

    /** Where alerts go; the dispatcher of the channels sets it. */
    void alertSink(AlertSink sink) {
        this.alerts = sink;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStrategy(RecoveryStrategy strategy, Map<String, Object> properties) {
        Object ranking = properties == null ? null : properties.get(RankedRegistry.SERVICE_RANKING);
        strategies.add(new Recovery.Ranked(strategy, ranking instanceof Integer i ? i : 0));
    }

    void removeStrategy(RecoveryStrategy strategy) {
        strategies.removeIf(r -> r.strategy() == strategy);
    }

    @Override
    public ErrorReport report(Throwable failure, CallContext context) {
        ErrorClass errorClass = Classifier.classify(failure);
        if (errorClass == null) {
            return null;
        }
        String message = Failure.of(failure).message();
        long now = clock.millis();
        try {
            ErrorGroups.Recorded recorded = groups.record(new ErrorGroups.Occurrence(errorClass, context, message, now, node));
            ErrorGroups.Group group = recorded.group();
            alertOn(recorded, now);
            return new ErrorReport(group.fingerprint(), errorClass, message);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Cannot record a {} failure of {} ({}): {}", Classifier.wire(errorClass), context.component(),
                    context.operation(), message, e);
            String fingerprint = ErrorGroups.fingerprint(errorClass, context.component(), ErrorGroups.pattern(message));
            return new ErrorReport(fingerprint, errorClass, message);
        }
    }

    @Override
    public <T> Recovered<T> call(CallContext context, RemoteCall<T> call) throws Exception {
        ErrorConfig c = config;
        return recovery.call(context, call, new Recovery.Limits(c.max_attempts(), Duration.ofSeconds(c.max_wait_seconds()),
                service -> fallback(context, service)));
    }

    /** {@code fallback.<service>} when set (empty: none), else {@code fallback.models} for the agents' model calls. */
    Optional<String> fallback(CallContext context, String service) {
        Object explicit = raw.get("fallback." + service);
        String named = explicit != null ? explicit.toString().trim()
                : AGENTS.equals(context.component()) ? config.fallback_models().trim() : "";
        return named.isEmpty() || named.equals(service) ? Optional.empty() : Optional.of(named);
    }

    /** Alerts a new or returning group, a spike, or an escalation, each once across every node. */
    private void alertOn(ErrorGroups.Recorded recorded, long now) throws SQLException {
        ErrorGroups.Group g = recorded.group();
        if (recorded.created()) {
            AlertLevel level = switch (g.errorClass()) {
                case AUTHENTICATION, INTERNAL -> AlertLevel.ERROR;
                case BUDGET -> AlertLevel.WARNING;
                default -> null;
            };
            if (level != null && groups.raiseAlertLevel(g.fingerprint(), level)) {
                raise(level, g, "New " + Classifier.wire(g.errorClass()).replace('_', ' ') + " error in " + g.component(),
                        g.lastMessage());
            }
        } else if (recorded.reopened() && groups.raiseAlertLevel(g.fingerprint(), AlertLevel.WARNING)) {
            raise(AlertLevel.WARNING, g, "Recurring error in " + g.component() + " (back " + g.reopened() + " time(s) after it was resolved)",
                    g.lastMessage());
        }
        SpikeDetector.Spike spike = spikes.count(g.fingerprint(), now, config.spike_minimum(), config.spike_factor());
        if (spike != null) {
            raise(AlertLevel.WARNING, g, "Spike of " + Classifier.wire(g.errorClass()).replace('_', ' ') + " errors in "
                    + g.component() + ": " + spike.recent() + " in 5 minutes",
                    String.format(Locale.ROOT, "usually %.1f per 5 minutes. Latest: %s", spike.usual(), g.lastMessage()));
        }
        escalateIfDue(g, now);
    }

    private void escalateIfDue(ErrorGroups.Group g, long now) throws SQLException {
        ErrorConfig c = config;
        boolean attempts = g.unrecovered() >= c.escalate_after_attempts();
        boolean overdue = now - g.firstSeen() >= TimeUnit.MINUTES.toMillis(c.escalate_after_minutes());
        if ((attempts || overdue) && ErrorGroups.OPEN.equals(g.status()) && groups.raiseAlertLevel(g.fingerprint(), AlertLevel.CRITICAL)) {
            raise(AlertLevel.CRITICAL, g, "Unresolved " + Classifier.wire(g.errorClass()).replace('_', ' ') + " error in "
                    + g.component() + (attempts ? " after " + g.unrecovered() + " failed recovery attempts"
                            : " for " + TimeUnit.MILLISECONDS.toMinutes(now - g.firstSeen()) + " minutes"),
                    g.occurrences() + " failure(s) since it was first seen. Latest: " + g.lastMessage()
                            + ". Resolve it with POST /api/v1/errors/" + g.fingerprint() + "/resolve once fixed.");
        }
    }

    /** Escalates groups that are still failing past the time limit (every 30 s). */
    void escalateOverdue() {
        try {
            long now = clock.millis();
            for (ErrorGroups.Group g : groups.openSince(now - TimeUnit.MINUTES.toMillis(config.escalate_after_minutes()))) {
                escalateIfDue(g, now);
            }
            spikes.prune(now);
            groups.strategyStats().forEach(s -> stats.put(key(s.strategy(), s.errorClass()), s));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cannot check the error groups for escalation: {}", e.toString());
        }
    }

    private void raise(AlertLevel level, ErrorGroups.Group g, String title, String detail) {
        try {
            alerts.raise(new Alert(UUID.randomUUID().toString(), level, g.fingerprint(), g.errorClass(), g.component(), title, detail,
                    g.occurrences(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Cannot raise the alert '{}'", title, e);
        }
    }

    private void transition(String service, CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        LOG.info("Circuit of {}: {}", service, transition);
        if (to == CircuitBreaker.State.OPEN && transition.getFromState() == CircuitBreaker.State.CLOSED) {
            String fingerprint = ErrorGroups.fingerprint(ErrorClass.NETWORK, "circuit", service);
            try {
                alerts.raise(new Alert(UUID.randomUUID().toString(), AlertLevel.ERROR, fingerprint, ErrorClass.NETWORK, "circuit",
                        "The circuit of " + service + " opened", service + " failed too often: calls to it fail fast for "
                                + config.circuit_open_seconds() + " s, then trial calls decide. "
                                + fallback(new CallContext(AGENTS, "circuit", service, null, null, null, null), service)
                                        .map(f -> f + " answers for it meanwhile.").orElse("No fallback is configured."),
                        1, clock.instant()));
            } catch (RuntimeException e) {
                LOG.warn("Cannot raise the circuit alert of {}", service, e);
            }
        }
    }

    private Recovery.Host host() {
        return new Recovery.Host() {
            @Override
            public ErrorReport report(Throwable failure, CallContext context) {
                return ErrorCoordinatorService.this.report(failure, context);
            }

            @Override
            public void outcome(RecoveryStrategy strategy, ErrorClass errorClass, String fingerprint, boolean recovered) {
                stats.compute(key(strategy.name(), errorClass), (k, s) -> s == null
                        ? new ErrorGroups.StrategyStats(strategy.name(), errorClass, 1, recovered ? 1 : 0)
                        : new ErrorGroups.StrategyStats(s.strategy(), errorClass, s.tried() + 1, s.succeeded() + (recovered ? 1 : 0)));
                try {
                    groups.strategyOutcome(strategy.name(), errorClass, recovered);
                    if (fingerprint != null) {
                        groups.recoveryTried(fingerprint, recovered);
                        if (!recovered) {
                            Optional<ErrorGroups.Group> g = groups.get(fingerprint);
                            if (g.isPresent()) {
                                escalateIfDue(g.get(), clock.millis());
                            }
                        }
                    }
                } catch (SQLException e) {
                    LOG.warn("Cannot count the outcome of recovery strategy {}: {}", strategy.name(), e.toString());
                }
            }

            @Override
            public double rate(String strategy, ErrorClass errorClass) {
                ErrorGroups.StrategyStats s = stats.get(key(strategy, errorClass));
                return s == null ? 0.5 : s.rate();
            }

            @Override
            public void sleep(Duration delay) throws InterruptedException {
                sleeper.sleep(delay);
            }
        };
    }

    private static String key(String strategy, ErrorClass errorClass) {
        return strategy + '\n' + errorClass.name();
    }

    /** The groups in the store. */
    public ErrorGroups groups() {
        return groups;
    }

    /** The circuits. */
    public Breakers breakers() {
        return breakers;
    }

    /** Every strategy's outcomes, as counted. */
    List<ErrorGroups.StrategyStats> strategyStats() {
        return stats.values().stream().sorted(java.util.Comparator.comparing(ErrorGroups.StrategyStats::strategy)
                .thenComparing(ErrorGroups.StrategyStats::errorClass)).toList();
    }

    /** The strategies as registered, in the order they would be asked for a class. */
    List<String> strategiesFor(ErrorClass errorClass) {
        return recovery.ordered(errorClass).stream().map(r -> r.strategy().name()).toList();
    }
}
