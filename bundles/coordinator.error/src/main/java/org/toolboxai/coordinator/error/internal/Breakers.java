package org.toolboxai.coordinator.error.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * One Resilience4j circuit breaker per remote service, on this node: after enough failed calls (a
 * failure rate over a window of calls) the circuit opens and calls fail fast; after the open time
 * a few trial calls go through (half-open), and they close it again or open it for another round.
 * Only failures of the remote service count (network, time-out); a refused request, a bad key, an
 * unusable answer or our own limits say nothing about the service's health and are not recorded.
 */
public final class Breakers {

    /** A circuit as the REST API and health show it. */
    public record Circuit(String service, String state, float failureRate, int failedCalls, int bufferedCalls, Instant since) {
    }

    private final CircuitBreakerConfig config;
    private final Duration openTime;
    private final Clock clock;
    private final BiConsumer<String, CircuitBreaker.StateTransition> onTransition;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    Breakers(int failureRate, int window, int minimumCalls, Duration openTime, int halfOpenCalls, Clock clock,
            BiConsumer<String, CircuitBreaker.StateTransition> onTransition) {
        this.clock = clock;
        this.onTransition = onTransition;
        this.openTime = openTime;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(failureRate)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(Math.min(minimumCalls, window))
                .waitDurationInOpenState(openTime)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
    }

    /** The service's breaker, made on first use. */
    CircuitBreaker of(String service) {
        return breakers.computeIfAbsent(service, name -> {
            CircuitBreaker breaker = CircuitBreaker.of(name, config);
            since.put(name, clock.instant());
            breaker.getEventPublisher().onStateTransition(event -> {
                since.put(name, clock.instant());
                onTransition.accept(name, event.getStateTransition());
            });
            return breaker;
        });
    }

    /** Whether a class of error says the service is failing. */
    static boolean countsAgainstService(org.toolboxai.api.error.ErrorClass errorClass) {
        return errorClass == org.toolboxai.api.error.ErrorClass.NETWORK || errorClass == org.toolboxai.api.error.ErrorClass.TIMEOUT;
    }

    /** Every service's circuit, by name. */
    public List<Circuit> circuits() {
        return breakers.values().stream().sorted(java.util.Comparator.comparing(CircuitBreaker::getName)).map(b -> {
            CircuitBreaker.Metrics m = b.getMetrics();
            return new Circuit(b.getName(), b.getState().name().toLowerCase(java.util.Locale.ROOT), m.getFailureRate(),
                    m.getNumberOfFailedCalls(), m.getNumberOfBufferedCalls(), since.get(b.getName()));
        }).toList();
    }

    /** When an open circuit lets trial calls through. */
    Instant halfOpensAt(String service) {
        Instant opened = since.getOrDefault(service, clock.instant());
        return opened.plus(openTime);
    }
}
