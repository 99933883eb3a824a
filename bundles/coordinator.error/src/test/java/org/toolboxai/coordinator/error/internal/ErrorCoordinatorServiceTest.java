package org.toolboxai.coordinator.error.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.error.RecoveryAction;
import org.toolboxai.api.error.RecoveryAttempt;
import org.toolboxai.api.error.RecoveryStrategy;
import org.toolboxai.api.error.UndoableCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * The error coordinator on a real database with the built-in strategies: recovery by retry,
 * waiting for quota and fallback; the circuit breaker's open, half-open and closed states; groups,
 * alerts and escalation. Time is a clock the test moves: waits are recorded, never slept.
 */
class ErrorCoordinatorServiceTest {

    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    static final CallContext CALL = new CallContext("agents", "quiz", "openai", "tom", "run-1", "quiz_creation", null);

    DataSource dataSource;
    MovableClock clock = new MovableClock();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    ErrorCoordinatorService errors;

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:errors-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource = h2;
        SchemaMigrator.migrate(dataSource, "error", ErrorGroups.class.getClassLoader(), "db/error");
        errors = coordinator(Map.of("circuit.window", 4, "circuit.minimum.calls", 4, "circuit.open.seconds", 30));
    }

    ErrorCoordinatorService coordinator(Map<String, Object> settings) {
        ErrorConfig config = Configs.of(ErrorConfig.class, settings);
        ErrorCoordinatorService service = new ErrorCoordinatorService(new ErrorGroups(dataSource, config.samples_per_group()), config,
                new HashMap<>(settings), clock, false);
        service.sleeper(delay -> {
            waits.add(delay);
            clock.advance(delay);
        });
        service.alertSink(alerts::add);
        service.addStrategy(new Strategies.Retry(config), Map.of());
        service.addStrategy(new Strategies.WaitForQuota(config), Map.of());
        service.addStrategy(new Strategies.Fallback(config), Map.of());
        service.addStrategy(new Strategies.RollBack(), Map.of());
        return service;
    }

    static FailureException http500() {
        return new FailureException(Failure.of(FailureKind.TRANSIENT, "openai answered HTTP 500: injected"));
    }

    long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aServerErrorIsRetriedAfterABackOffAndTheCallSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        Recovered<String> answer = errors.call(CALL, (service, attempt) -> {
            if (calls.incrementAndGet() == 1) {
                throw http500();
            }
            return "lesson from " + service;
        });

        assertThat(answer.value()).isEqualTo("lesson from openai");
        assertThat(answer.service()).isEqualTo("openai");
        assertThat(answer.attempts()).isEqualTo(2);
        assertThat(answer.recoveries()).singleElement().asString().startsWith("openai: openai answered HTTP 500").contains("retried after");
        // equal jitter on the first back-off of 500 ms: between 250 and 500 ms
        assertThat(waits).singleElement().satisfies(d -> assertThat(d.toMillis()).isBetween(250L, 500L));
        assertThat(count("SELECT occurrences FROM error_group WHERE error_class = 'NETWORK'")).isEqualTo(1);
        assertThat(count("SELECT recovered FROM error_group WHERE error_class = 'NETWORK'")).isEqualTo(1);
        assertThat(count("SELECT succeeded FROM error_strategy_stats WHERE strategy = 'retry' AND error_class = 'NETWORK'")).isEqualTo(1);
        assertThat(alerts).as("a recovered network error alerts nobody").isEmpty();
    }

    @Test
    void aRefusedKeyFailsAtOnceAndAlertsOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FailureException refused = new FailureException(Failure.of(FailureKind.AUTHENTICATION, "openai answered HTTP 401 (invalid_api_key)"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> errors.call(CALL, (service, attempt) -> {
                calls.incrementAndGet();
                throw refused;
            })).isSameAs(refused);
        }

        assertThat(calls).hasValue(3); // one call each: no strategy retries a bad key
        assertThat(waits).isEmpty();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(AlertLevel.ERROR);
            assertThat(a.errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
            assertThat(a.detail()).contains("HTTP 401");
        });
        assertThat(count("SELECT occurrences FROM error_group")).isEqualTo(3);
    }

    /** A remote course where a push creates a quiz, then its questions: what the fake holds. */
    static final class HalfMadeQuiz {
        final List<String> remote = new CopyOnWriteArrayList<>();
        final List<Integer> undone = new CopyOnWriteArrayList<>();

        UndoableCall<String> push(RuntimeException atQuestion2) {
            return UndoableCall.of((service, attempt) -> {
                remote.add("quiz-" + attempt);
                remote.add("question 1 of quiz-" + attempt);
                if (atQuestion2 != null) {
                    throw atQuestion2;
                }
                remote.add("question 2 of quiz-" + attempt);
                return "quiz-" + attempt;
            }, (service, attempt) -> {
                undone.add(attempt);
                remote.removeIf(r -> r.endsWith("quiz-" + attempt));
            });
        }
    }

    @Test
    void aPushRefusedHalfWayIsRolledBackSoNothingHalfMadeStays() throws Exception {
        HalfMadeQuiz canvas = new HalfMadeQuiz();
        FailureException refused = new FailureException(Failure.of(FailureKind.PERMANENT, "canvas answered HTTP 400: question_type invalid"));
        CallContext push = new CallContext("lms", "push", "canvas", "tom", null, null, "req-1");

        assertThatThrownBy(() -> errors.call(push, canvas.push(refused))).isSameAs(refused);

        assertThat(canvas.undone).containsExactly(1);
        assertThat(canvas.remote).as("the quiz and its first question are gone").isEmpty();
        assertThat(count("SELECT succeeded FROM error_strategy_stats WHERE strategy = 'roll-back' AND error_class = 'VALIDATION'"))
                .isEqualTo(1);
    }

    @Test
    void aCallThatMayStillSucceedIsRetriedWithWhatItMadeAndOnlyItsLastAttemptIsRolledBack() throws Exception {
        HalfMadeQuiz canvas = new HalfMadeQuiz();
        CallContext push = new CallContext("lms", "push", "canvas", "tom", null, null, "req-1");

        // a 500 every time: the retries run (nothing is undone between them), then the last attempt is undone
        assertThatThrownBy(() -> errors.call(push, canvas.push(http500()))).isInstanceOf(FailureException.class);

        assertThat(canvas.undone).as("one roll-back, of the attempt that ended the call").hasSize(1);
        int last = canvas.undone.get(0);
        assertThat(last).isGreaterThan(1);
        assertThat(canvas.remote).noneMatch(r -> r.endsWith("quiz-" + last));
        assertThat(waits).hasSize(last - 1);
    }

    @Test
    void aCallThatSucceedsIsNotRolledBackAndAPlainCallIsNeverOfferedARollBack() throws Exception {
        HalfMadeQuiz canvas = new HalfMadeQuiz();
        CallContext push = new CallContext("lms", "push", "canvas", "tom", null, null, null);

        assertThat(errors.call(push, canvas.push(null)).value()).isEqualTo("quiz-1");
        assertThat(canvas.undone).isEmpty();
        assertThat(canvas.remote).hasSize(3);

        List<RecoveryAttempt> seen = new CopyOnWriteArrayList<>();
        errors.addStrategy(new RecoveryStrategy() {
            @Override
            public String name() {
                return "watcher";
            }

            @Override
            public boolean handles(ErrorClass errorClass) {
                return true;
            }

            @Override
            public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
                seen.add(attempt);
                return Optional.empty();
            }
        }, Map.of());
        FailureException refused = new FailureException(Failure.of(FailureKind.PERMANENT, "canvas answered HTTP 404"));
        assertThatThrownBy(() -> errors.call(push, (service, attempt) -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(seen).isNotEmpty().allSatisfy(a -> assertThat(a.undoable()).isFalse());
    }

    @Test
    void anUndoThatFailsIsReportedAndTheCallsOwnFailureStands() throws Exception {
        FailureException refused = new FailureException(Failure.of(FailureKind.PERMANENT, "canvas answered HTTP 400"));
        IllegalStateException undoFailed = new IllegalStateException("canvas answered HTTP 500 to the DELETE");
        CallContext push = new CallContext("lms", "push", "canvas", "tom", null, null, null);

        assertThatThrownBy(() -> errors.call(push, UndoableCall.<String>of((service, attempt) -> {
            throw refused;
        }, (service, attempt) -> {
            throw undoFailed;
        }))).isSameAs(refused).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(undoFailed));

        assertThat(count("SELECT COUNT(*) FROM error_group WHERE component = 'lms' AND operation = 'push.roll-back'")).isEqualTo(1);
        assertThat(count("SELECT tried - succeeded FROM error_strategy_stats WHERE strategy = 'roll-back'")).isEqualTo(1);
    }

    @Test
    void aRateLimitIsWaitedOutAsTheRefusalAsked() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        Recovered<String> answer = errors.call(CALL, (service, attempt) -> {
            if (calls.incrementAndGet() == 1) {
                throw FailureException.rateLimited("openai answered HTTP 429", Duration.ofSeconds(2));
            }
            return "ok";
        });

        assertThat(answer.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(answer.recoveries()).singleElement().asString().contains("waited 2.0 s for the rate limit");
    }

    @Test
    void theCircuitOpensTheFallbackServesItHalfOpensAndClosesAgain() throws Exception {
        AtomicInteger openaiCalls = new AtomicInteger();
        AtomicInteger offlineCalls = new AtomicInteger();
        AtomicReference<Boolean> openaiHealthy = new AtomicReference<>(false);
        org.toolboxai.api.error.RemoteCall<String> call = (service, attempt) -> {
            if (service.equals("offline")) {
                offlineCalls.incrementAndGet();
                return "offline lesson";
            }
            openaiCalls.incrementAndGet();
            if (!openaiHealthy.get()) {
                throw new java.io.UncheckedIOException(new ConnectException("Connection refused"));
            }
            return "openai lesson";
        };

        // three failures and retries, then the last attempt goes to the fallback
        Recovered<String> first = errors.call(CALL, call);
        assertThat(first.service()).isEqualTo("offline");
        assertThat(first.attempts()).isEqualTo(4);
        assertThat(first.recoveries()).last().asString().contains("offline answered instead: openai kept failing");
        assertThat(openaiCalls).hasValue(3);
        // the fourth failure fills the window: the circuit opens and the fallback answers at once
        Recovered<String> second = errors.call(CALL, call);
        assertThat(second.service()).isEqualTo("offline");
        assertThat(openaiCalls).hasValue(4);
        assertThat(errors.breakers().circuits()).filteredOn(c -> c.service().equals("openai")).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo("open"));
        assertThat(alerts).filteredOn(a -> a.title().equals("The circuit of openai opened")).hasSize(1);
        // open: openai is not called at all
        Recovered<String> third = errors.call(CALL, call);
        assertThat(third.service()).isEqualTo("offline");
        assertThat(third.recoveries()).singleElement().asString().contains("offline answered instead: openai's circuit is open");
        assertThat(openaiCalls).hasValue(4);

        // after the open time, trial calls go through; openai has recovered and two successes close it
        openaiHealthy.set(true);
        clock.advance(Duration.ofSeconds(31));
        assertThat(errors.call(CALL, call).service()).isEqualTo("openai");
        assertThat(errors.breakers().circuits()).filteredOn(c -> c.service().equals("openai")).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo("half_open"));
        assertThat(errors.call(CALL, call).service()).isEqualTo("openai");
        assertThat(errors.breakers().circuits()).filteredOn(c -> c.service().equals("openai")).singleElement().satisfies(c -> assertThat(c.state()).isEqualTo("closed"));
        assertThat(openaiCalls).hasValue(6);
        assertThat(offlineCalls).hasValue(3);
    }

    @Test
    void aGroupStillFailingAfterItsRecoveryAttemptsEscalatesToCriticalOnce() throws Exception {
        errors = coordinator(Map.of("escalate.after.attempts", 3, "fallback.models", "", "circuit.window", 100,
                "circuit.minimum.calls", 100));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> errors.call(CALL, (service, attempt) -> {
                throw http500();
            })).isInstanceOf(FailureException.class);
        }

        assertThat(alerts).filteredOn(a -> a.level() == AlertLevel.CRITICAL).singleElement().satisfies(a -> {
            assertThat(a.errorClass()).isEqualTo(ErrorClass.NETWORK);
            assertThat(a.title()).contains("after 3 failed recovery attempts");
            assertThat(a.detail()).contains("/api/v1/errors/" + a.fingerprint() + "/resolve");
        });
    }

    @Test
    void aGroupFailingLongerThanTheLimitEscalatesOnTheTimer() throws Exception {
        errors.report(http500(), CALL);
        clock.advance(Duration.ofMinutes(31));
        errors.report(http500(), CALL);
        long critical = alerts.stream().filter(a -> a.level() == AlertLevel.CRITICAL).count();
        errors.escalateOverdue();

        assertThat(critical).isEqualTo(1);
        assertThat(alerts).filteredOn(a -> a.level() == AlertLevel.CRITICAL).singleElement()
                .satisfies(a -> assertThat(a.title()).contains("for 31 minutes"));
    }

    @Test
    void failuresDifferingOnlyInNumbersAndIdsShareAGroupAndAResolvedGroupThatRecursIsReopened() throws Exception {
        String a = errors.report(new FailureException(Failure.of(FailureKind.TRANSIENT,
                "HTTP 503 for run 3f2a9c1e-1111-4222-8333-444455556666 after 1200 ms")), CALL).fingerprint();
        String b = errors.report(new FailureException(Failure.of(FailureKind.TRANSIENT,
                "HTTP 503 for run 0b7e3a2d-aaaa-4bbb-8ccc-dddd11112222 after 87 ms")), CALL).fingerprint();
        String other = errors.report(new FailureException(Failure.of(FailureKind.INVALID_OUTPUT, "HTTP 503 for run x after 1 ms")),
                CALL).fingerprint();

        assertThat(a).isEqualTo(b).isNotEqualTo(other);
        ErrorGroups.Group group = errors.groups().get(a).orElseThrow();
        assertThat(group.occurrences()).isEqualTo(2);
        assertThat(group.pattern()).isEqualTo("http # for run <id> after # ms");
        assertThat(errors.groups().samples(a)).hasSize(2).first().satisfies(s -> {
            assertThat(s.runId()).isEqualTo("run-1");
            assertThat(s.user()).isEqualTo("tom");
        });

        assertThat(errors.groups().resolve(a, "admin", clock.millis())).isTrue();
        errors.report(http500().getClass().cast(new FailureException(Failure.of(FailureKind.TRANSIENT,
                "HTTP 503 for run 0b7e3a2d-aaaa-4bbb-8ccc-dddd33334444 after 5 ms"))), CALL);
        assertThat(errors.groups().get(a).orElseThrow()).satisfies(g -> {
            assertThat(g.status()).isEqualTo("open");
            assertThat(g.reopened()).isEqualTo(1);
        });
        assertThat(alerts).filteredOn(x -> x.title().startsWith("Recurring")).singleElement()
                .satisfies(x -> assertThat(x.level()).isEqualTo(AlertLevel.WARNING));
    }

    @Test
    void onlyTheNewestSamplesAreKept() throws Exception {
        errors = coordinator(Map.of("samples.per.group", 3));
        for (int i = 0; i < 7; i++) {
            errors.report(http500(), new CallContext("agents", "quiz", "openai", "user" + i, null, null, null));
        }
        String fingerprint = errors.groups().list(null, null, null, 10).get(0).fingerprint();

        assertThat(errors.groups().samples(fingerprint)).extracting(ErrorGroups.Sample::user).containsExactly("user6", "user5", "user4");
        assertThat(count("SELECT COUNT(*) FROM error_sample")).isEqualTo(3);
    }

    @Test
    void aSpikeOverTheUsualRateIsReportedOnce() throws Exception {
        errors = coordinator(Map.of("spike.minimum", 5, "spike.factor", 3));
        for (int i = 0; i < 8; i++) {
            errors.report(http500(), CALL);
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(alerts).filteredOn(a -> a.title().startsWith("Spike")).singleElement()
                .satisfies(a -> assertThat(a.title()).endsWith("5 in 5 minutes"));
    }

    @Test
    void strategiesAreAskedBestSuccessRateFirstAndACancellationIsNoError() throws Exception {
        AtomicInteger planned = new AtomicInteger();
        RecoveryStrategy patient = new RecoveryStrategy() {
            @Override
            public String name() {
                return "patient";
            }

            @Override
            public boolean handles(ErrorClass errorClass) {
                return errorClass == ErrorClass.NETWORK;
            }

            @Override
            public Optional<RecoveryAction> plan(RecoveryAttempt attempt) {
                planned.incrementAndGet();
                return Optional.of(RecoveryAction.retry(Duration.ofSeconds(7), "waited patiently"));
            }
        };
        errors.addStrategy(patient, Map.of());
        // retry has failed nine times in ten for network errors; patient has no record (0.5)
        for (int i = 0; i < 10; i++) {
            errors.groups().strategyOutcome("retry", ErrorClass.NETWORK, i == 0);
        }
        errors = coordinatorWith(patient);

        assertThat(errors.strategiesFor(ErrorClass.NETWORK)).containsExactly("fallback", "patient", "roll-back", "retry");
        AtomicInteger calls = new AtomicInteger();
        assertThat(errors.call(CALL, (s, n) -> {
            if (calls.incrementAndGet() == 1) {
                throw http500();
            }
            return "ok";
        }).recoveries()).singleElement().asString().endsWith("waited patiently");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));

        assertThatThrownBy(() -> errors.call(CALL, (s, n) -> {
            throw new InterruptedException("cancelled");
        })).isInstanceOf(InterruptedException.class);
        assertThat(errors.report(new InterruptedException(), CALL)).isNull();
    }

    private ErrorCoordinatorService coordinatorWith(RecoveryStrategy extra) {
        ErrorCoordinatorService service = coordinator(Map.of());
        service.addStrategy(extra, Map.of());
        return service;
    }

    @Test
    void classesFollowTheTypedFailuresAndTheCauses() {
        assertThat(Classifier.classify(http500())).isEqualTo(ErrorClass.NETWORK);
        assertThat(Classifier.classify(new java.io.IOException("reset"))).isEqualTo(ErrorClass.NETWORK);
        assertThat(Classifier.classify(new RuntimeException(new java.net.http.HttpTimeoutException("slow")))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(Classifier.classify(new NullPointerException())).isEqualTo(ErrorClass.INTERNAL);
        assertThat(Classifier.classify(FailureException.permanent("HTTP 400"))).isEqualTo(ErrorClass.VALIDATION);
        assertThat(Classifier.classify(FailureException.invalidOutput("not JSON"))).isEqualTo(ErrorClass.INVALID_OUTPUT);
        assertThat(Classifier.classify(new FailureException(Failure.of(FailureKind.OVER_BUDGET, "global budget")))).isEqualTo(ErrorClass.BUDGET);
        assertThat(Classifier.classify(new FailureException(Failure.of(FailureKind.TIMED_OUT, "60 s")))).isEqualTo(ErrorClass.TIMEOUT);
        assertThat(Classifier.classify(FailureException.rateLimited("429", null))).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(new ArrayList<>(List.of(ErrorClass.values()))).hasSize(8);
    }
}
