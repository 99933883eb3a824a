package org.toolboxai.coordinator.error.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.error.ErrorReport;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.error.RecoveryAction;
import org.toolboxai.api.error.RecoveryAttempt;
import org.toolboxai.api.error.RecoveryStrategy;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.error.UndoableCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;

/**
 * A call under recovery: each attempt goes through the service's circuit breaker; a failure is
 * reported (classified, grouped), then the strategies for its class are asked, best success rate
 * first, and the first plan is followed (wait and retry, or switch to the fallback service). It
 * ends with the answer, or with the last failure when no strategy helps, the attempts are spent
 * or the waits would pass the longest wait.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What the recovery needs from the coordinator. */
    interface Host {
        /** Records a failure; the report, or null for a cancellation. */
        ErrorReport report(Throwable failure, CallContext context);

        /** Counts a strategy's outcome for a class and the group's recovery attempt. */
        void outcome(RecoveryStrategy strategy, ErrorClass errorClass, String fingerprint, boolean recovered);

        /** The success rate of a strategy for a class (0.5 before any outcome). */
        double rate(String strategy, ErrorClass errorClass);

        /** Waits, or throws when interrupted. */
        void sleep(Duration delay) throws InterruptedException;
    }

    /** One registered strategy and its ranking. */
    record Ranked(RecoveryStrategy strategy, int ranking) {
    }

    /** The limits of one call. */
    record Limits(int maxAttempts, Duration maxWait, Function<String, Optional<String>> fallbacks) {
    }

    private final Host host;
    private final Breakers breakers;
    private final Supplier<List<Ranked>> strategies;

    Recovery(Host host, Breakers breakers, Supplier<List<Ranked>> strategies) {
        this.host = host;
        this.breakers = breakers;
        this.strategies = strategies;
    }

    <T> Recovered<T> call(CallContext context, RemoteCall<T> call, Limits limits) throws Exception {
        String service = context.service();
        Set<String> used = new HashSet<>(Set.of(service));
        List<String> notes = new ArrayList<>();
        Duration waited = Duration.ZERO;
        RecoveryStrategy pending = null;
        ErrorClass pendingClass = null;
        String pendingFingerprint = null;
        for (int attempt = 1;; attempt++) {
            CircuitBreaker breaker = breakers.of(service);
            Exception failure;
            boolean circuitOpen = false;
            if (!breaker.tryAcquirePermission()) {
                circuitOpen = true;
                failure = new FailureException(Failure.of(FailureKind.TRANSIENT, service + "'s circuit is open after repeated "
                        + "failures: calls fail fast until " + breakers.halfOpensAt(service)));
            } else {
                long started = System.nanoTime();
                try {
                    T value = call.call(service, attempt);
                    breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (pending != null) {
                        host.outcome(pending, pendingClass, pendingFingerprint, true);
                    }
                    return new Recovered<>(value, service, attempt, notes);
                } catch (Exception e) {
                    failure = e;
                    ErrorClass errorClass = Classifier.classify(e);
                    if (errorClass != null && Breakers.countsAgainstService(errorClass)) {
                        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                    } else {
                        breaker.releasePermission();
                    }
                    circuitOpen = breaker.getState() == CircuitBreaker.State.OPEN;
                } catch (Error e) {
                    // a LinkageError while the provider's bundle goes away, say: never keep the permission
                    breaker.releasePermission();
                    throw e;
                }
            }
            ErrorClass errorClass = Classifier.classify(failure);
            if (errorClass == null) {
                throw failure; // cancelled: not an error, nothing to recover
            }
            if (pending != null) {
                host.outcome(pending, pendingClass, pendingFingerprint, false);
                pending = null;
            }
            ErrorReport report = host.report(failure, context.withService(service));
            if (attempt >= limits.maxAttempts()) {
                throw standing(call, context, service, attempt, errorClass, failure, circuitOpen, report);
            }
            Optional<String> fallback = limits.fallbacks().apply(service).filter(f -> !used.contains(f));
            RecoveryAttempt failed = new RecoveryAttempt(context.withService(service), errorClass, Failure.of(failure), attempt,
                    limits.maxAttempts() - attempt, circuitOpen, fallback, call instanceof UndoableCall);
            Ranked chosen = null;
            RecoveryAction action = null;
            for (Ranked ranked : ordered(errorClass)) {
                Optional<RecoveryAction> plan = plan(ranked, failed);
                if (plan.isPresent() && plan.get().kind() != RecoveryAction.Kind.ROLL_BACK) {
                    chosen = ranked;
                    action = plan.get();
                    break;
                }
            }
            if (action == null || action.kind() == RecoveryAction.Kind.GIVE_UP) {
                throw standing(call, context, service, attempt, errorClass, failure, circuitOpen, report);
            }
            if (waited.plus(action.delay()).compareTo(limits.maxWait()) > 0) {
                LOG.debug("{}: waiting {} more would pass the longest wait of {}", service, action.delay(), limits.maxWait());
                throw standing(call, context, service, attempt, errorClass, failure, circuitOpen, report);
            }
            notes.add(service + ": " + Failure.of(failure).message() + "; " + action.reason());
            if (!action.delay().isZero()) {
                host.sleep(action.delay());
                waited = waited.plus(action.delay());
            }
            if (action.kind() == RecoveryAction.Kind.FALLBACK) {
                service = action.service();
                used.add(service);
            }
            pending = chosen.strategy();
            pendingClass = errorClass;
            pendingFingerprint = report == null ? null : report.fingerprint();
        }
    }

    /** A strategy's plan; a strategy that fails to plan has none. */
    private static Optional<RecoveryAction> plan(Ranked ranked, RecoveryAttempt failed) {
        try {
            return ranked.strategy().plan(failed);
        } catch (RuntimeException e) {
            LOG.warn("Recovery strategy {} failed to plan; the next one is asked", ranked.strategy().name(), e);
            return Optional.empty();
        }
    }

    /**
     * The failure stands: nothing retries it, waits for it or calls a fallback. A call that can undo
     * what its failed attempt changed is offered to the strategies once more, with no attempt left,
     * and the first that plans a roll-back has it undone. Either way the failure is what the caller gets.
     */
    private Exception standing(RemoteCall<?> call, CallContext context, String service, int attempt, ErrorClass errorClass,
            Exception failure, boolean circuitOpen, ErrorReport report) {
        if (!(call instanceof UndoableCall<?> undoable)) {
            return failure;
        }
        RecoveryAttempt last = new RecoveryAttempt(context.withService(service), errorClass, Failure.of(failure), attempt, 0,
                circuitOpen, Optional.empty(), true);
        for (Ranked ranked : ordered(errorClass)) {
            Optional<RecoveryAction> plan = plan(ranked, last);
            if (plan.isPresent() && plan.get().kind() == RecoveryAction.Kind.ROLL_BACK) {
                String fingerprint = report == null ? null : report.fingerprint();
                try {
                    undoable.rollBack(service, attempt);
                    LOG.info("{}: {}", service, plan.get().reason());
                    host.outcome(ranked.strategy(), errorClass, fingerprint, true);
                } catch (Exception e) {
                    // the undo failed too: reported on its own, the call's failure still stands
                    host.outcome(ranked.strategy(), errorClass, fingerprint, false);
                    host.report(e, new CallContext(context.component(), context.operation() + ".roll-back", service,
                            context.user(), context.runId(), context.stepId(), context.requestId()));
                    failure.addSuppressed(e);
                }
                break;
            }
        }
        return failure;
    }

    /** The strategies that handle a class, best success rate for it first, then ranking, then name. */
    List<Ranked> ordered(ErrorClass errorClass) {
        Map<String, Double> rates = new java.util.HashMap<>();
        return strategies.get().stream().filter(r -> handles(r.strategy(), errorClass))
                .sorted(Comparator.comparingDouble((Ranked r) -> -rates.computeIfAbsent(r.strategy().name(),
                        n -> host.rate(n, errorClass)))
                        .thenComparingInt(r -> -r.ranking())
                        .thenComparing(r -> r.strategy().name()))
                .toList();
    }

    private static boolean handles(RecoveryStrategy strategy, ErrorClass errorClass) {
        try {
            return strategy.handles(errorClass);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
