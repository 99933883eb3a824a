package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepFailure;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

class SchedulerTest extends SchedulerTestSupport {

    /** a -> (b, c) -> d, plus the optional step of other tests. */
    private static final String DIAMOND = """
            {"name": "diamond", "parameters": {"n": {"type": "integer", "default": 1}},
             "steps": [
               {"id": "a", "type": "t.a"},
               {"id": "b", "type": "t.b", "depends_on": ["a"]},
               {"id": "c", "type": "t.c", "depends_on": ["a"]},
               {"id": "d", "type": "t.d", "depends_on": ["b", "c"]}
             ]}""";
    private static final String FLAKY = """
            {"name": "flaky", "steps": [
               {"id": "x", "type": "t.flaky", "retries": 2},
               {"id": "y", "type": "t.a", "depends_on": ["x"]}]}""";
    private static final String SLOW = """
            {"name": "slow", "steps": [
               {"id": "s", "type": "t.slow", "timeout_seconds": 1, "retries": 0},
               {"id": "after", "type": "t.a", "depends_on": ["s"]}]}""";
    private static final String OPTIONAL = """
            {"name": "optional", "steps": [
               {"id": "maybe", "type": "t.fail", "optional": true, "retries": 0},
               {"id": "then", "type": "t.a", "depends_on": ["maybe"]}]}""";
    private static final String REQUIRED = """
            {"name": "required", "steps": [
               {"id": "must", "type": "t.fail", "retries": 0},
               {"id": "never", "type": "t.a", "depends_on": ["must"]}]}""";
    private static final String PRIORITY = """
            {"name": "priority", "steps": [
               {"id": "leaf", "type": "t.record"},
               {"id": "head", "type": "t.record"},
               {"id": "chain1", "type": "t.record", "depends_on": ["head"]},
               {"id": "chain2", "type": "t.record", "depends_on": ["chain1"]}]}""";
    private static final String MISSING = """
            {"name": "missing", "steps": [
               {"id": "first", "type": "t.a"},
               {"id": "later", "type": "t.not_installed", "depends_on": ["first"]}]}""";

    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    @Override
    List<String> templateJson() {
        return List.of(DIAMOND, FLAKY, SLOW, OPTIONAL, REQUIRED, PRIORITY, MISSING);
    }

    @Test
    void aDiamondCompletesRunningIndependentStepsInParallelAndPassingOutputsOn() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        s.handlerAdded(echo("t.a"));
        s.handlerAdded(handler("t.b", c -> {
            bothRunning.await(5, TimeUnit.SECONDS); // only passes if c runs at the same time
            return StepResult.of(Map.of("from", "b"));
        }));
        s.handlerAdded(handler("t.c", c -> {
            bothRunning.await(5, TimeUnit.SECONDS);
            return StepResult.of(Map.of("from", "c"));
        }));
        s.handlerAdded(echo("t.d"));

        WorkflowRun run = awaitState(s, s.create("diamond", Map.of(), "tom").id(), RunState.COMPLETED);

        assertThat(run.progress()).isEqualTo(100.0);
        assertThat(step(run, "d").output()).containsEntry("inputs", List.of("b", "c"));
        assertThat(step(run, "b").output()).containsEntry("from", "b");
        assertThat(executions).allSatisfy((k, v) -> assertThat(v).hasValue(1));
        assertThat(((Number) run.parameters().get("n")).longValue()).isEqualTo(1L);
    }

    @Test
    void aFailingStepIsRetriedWithBackOffUntilItSucceeds() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        AtomicInteger calls = new AtomicInteger();
        s.handlerAdded(handler("t.flaky", c -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("flake " + c.attempt());
            }
            return StepResult.of(Map.of("attempt", c.attempt()));
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun run = awaitState(s, s.create("flaky", null, "tom").id(), RunState.COMPLETED);

        assertThat(step(run, "x").attempt()).isEqualTo(3);
        assertThat(step(run, "x").output()).containsEntry("attempt", 3);
    }

    @Test
    void aPermanentFailureFailsTheStepAtOnceAndTheRunKeepsItAsData() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        s.handlerAdded(handler("t.flaky", c -> {
            throw FailureException.permanent("HTTP 401: check .api.key");
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun run = awaitState(s, s.create("flaky", null, "tom").id(), RunState.FAILED);

        // the template allows 2 retries: a permanent failure uses none of them
        assertThat(executions.get("x")).hasValue(1);
        StepFailure failure = step(run, "x").failure();
        assertThat(failure).isEqualTo(new StepFailure("x", FailureKind.PERMANENT, "HTTP 401: check .api.key", null, 1));
        assertThat(run.failure()).isEqualTo(failure);
        assertThat(step(run, "x").error()).isEqualTo("attempt 1: HTTP 401: check .api.key");
        // and so it is stored, not only held in memory
        assertThat(RunViews.of(s.store().find(run.id()), new DurationStats()).failure()).isEqualTo(failure);
    }

    @Test
    void aRateLimitedAttemptIsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
        s.handlerAdded(handler("t.flaky", c -> {
            attemptsAt.add(System.nanoTime());
            if (c.attempt() == 1) {
                throw FailureException.rateLimited("429 from the model", Duration.ofMillis(400));
            }
            return StepResult.of(Map.of());
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun run = awaitState(s, s.create("flaky", null, "tom").id(), RunState.COMPLETED);

        assertThat(attemptsAt).hasSize(2);
        // the back-off of this engine is 10-50 ms: only the retry-after explains the wait
        assertThat(Duration.ofNanos(attemptsAt.get(1) - attemptsAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(step(run, "x").failure()).isNull();
    }

    @Test
    void aStepThatRunsOutOfRetriesKeepsTheKindOfItsLastFailure() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        s.handlerAdded(handler("t.flaky", c -> {
            throw FailureException.rateLimited("still limited", Duration.ofMillis(20));
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun run = awaitState(s, s.create("flaky", null, "tom").id(), RunState.FAILED);

        assertThat(executions.get("x")).hasValue(3);
        assertThat(run.failure()).isEqualTo(new StepFailure("x", FailureKind.RATE_LIMITED, "still limited", 1L, 3));
    }

    @Test
    void backOffGrowsExponentiallyWithJitterAndIsCapped() throws Exception {
        EngineSettings settings = settings(1, 1, 1);
        for (int i = 0; i < 50; i++) {
            assertThat(settings.backoffMillis(1)).isBetween(5L, 10L);
            assertThat(settings.backoffMillis(2)).isBetween(10L, 20L);
            assertThat(settings.backoffMillis(10)).isBetween(25L, 50L);
        }
    }

    @Test
    void aStepOverItsTimeOutIsInterruptedAndFailsTheRun() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CountDownLatch interrupted = new CountDownLatch(1);
        s.handlerAdded(handler("t.slow", c -> {
            try {
                new CountDownLatch(1).await(); // runs until the time-out interrupts it
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return StepResult.of(Map.of());
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun run = awaitState(s, s.create("slow", null, "tom").id(), RunState.FAILED);

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(step(run, "s").error()).contains("timed out after 1000 ms");
        assertThat(step(run, "s").failure().kind()).isEqualTo(FailureKind.TIMED_OUT);
        assertThat(step(run, "after").state()).isEqualTo(StepState.SKIPPED);
        assertThat(run.error()).contains("step s failed");
    }

    @Test
    void anOptionalStepMayFailWhileARequiredOneFailsTheRun() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        s.handlerAdded(handler("t.fail", c -> {
            throw new IllegalArgumentException("no good");
        }));
        s.handlerAdded(echo("t.a"));

        WorkflowRun optional = awaitState(s, s.create("optional", null, "tom").id(), RunState.COMPLETED);
        assertThat(step(optional, "maybe").state()).isEqualTo(StepState.FAILED);
        assertThat(step(optional, "then").state()).isEqualTo(StepState.COMPLETED);

        WorkflowRun required = awaitState(s, s.create("required", null, "tom").id(), RunState.FAILED);
        assertThat(step(required, "must").error()).contains("IllegalArgumentException: no good");
        // an exception of no known kind counts as transient: the template's retries decide
        assertThat(step(required, "must").failure().kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(step(required, "never").state()).isEqualTo(StepState.SKIPPED);
        assertThat(executions.get("never")).isNull();
    }

    @Test
    void cancelInterruptsRunningStepsCooperativelyAndCancelsTheRest() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch sawCancel = new CountDownLatch(1);
        s.handlerAdded(handler("t.a", c -> {
            started.countDown();
            while (!c.cancelled()) {
                Thread.onSpinWait();
            }
            sawCancel.countDown();
            return StepResult.of(Map.of());
        }));
        String id = s.create("diamond", null, "tom").id();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        WorkflowRun cancelled = s.control(id, RunAction.CANCEL);

        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(sawCancel.await(5, TimeUnit.SECONDS)).isTrue();
        WorkflowRun stored = s.find(id);
        assertThat(stored.state()).isEqualTo(RunState.CANCELLED);
        assertThat(stored.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.CANCELLED));
        assertThatThrownBy(() -> s.control(id, RunAction.RESUME)).isInstanceOf(WorkflowException.class);
    }

    @Test
    void aPausedRunStartsNoNewStepsUntilResumed() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CountDownLatch release = new CountDownLatch(1);
        s.handlerAdded(blockedUntil("t.a", release));
        for (String t : List.of("t.b", "t.c", "t.d")) {
            s.handlerAdded(echo(t));
        }
        String id = s.create("diamond", null, "tom").id();
        await().atMost(BOUND).until(() -> step(s.find(id), "a").state() == StepState.RUNNING);

        assertThat(s.control(id, RunAction.PAUSE).state()).isEqualTo(RunState.PAUSED);
        release.countDown();
        await().atMost(BOUND).until(() -> step(s.find(id), "a").state() == StepState.COMPLETED);
        // b and c are ready but must not start while paused
        await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> step(s.find(id), "b").state() == StepState.PENDING);
        assertThat(executions.get("b")).isNull();

        s.control(id, RunAction.RESUME);
        awaitState(s, id, RunState.COMPLETED);
    }

    @Test
    void aRunWaitsVisiblyForAMissingHandlerAndContinuesWhenOneIsInstalled() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        s.handlerAdded(echo("t.a"));
        String id = s.create("missing", null, "tom").id();

        await().atMost(BOUND).until(() -> s.find(id).waitingFor().contains("t.not_installed"));
        assertThat(s.find(id).state()).isEqualTo(RunState.RUNNING);
        assertThat(step(s.find(id), "later").state()).isEqualTo(StepState.WAITING);
        assertThat(s.waitingTypes()).containsExactly("t.not_installed");
        SchedulerLoad load = s.load(5_000).orElseThrow();
        assertThat(load.running()).isEqualTo(1);
        assertThat(load.waitingTypes()).containsExactly("t.not_installed");
        assertThat(load.workers()).isEqualTo(4);
        assertThat(load.maxRunning()).isEqualTo(10);

        s.handlerAdded(echo("t.not_installed"));
        WorkflowRun run = awaitState(s, id, RunState.COMPLETED);
        assertThat(run.waitingFor()).isEmpty();
    }

    @Test
    void whenTheServingHandlerOfATypeLeavesTheNextOneRunsItsSteps() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        List<String> servedBy = Collections.synchronizedList(new ArrayList<>());
        StepHandler first = handler("t.a", c -> {
            servedBy.add("first");
            return StepResult.of(Map.of());
        });
        StepHandler second = handler("t.a", c -> {
            servedBy.add("second");
            return StepResult.of(Map.of());
        });
        s.handlerAdded(first, Map.of("service.id", 1L));
        s.handlerAdded(second, Map.of("service.id", 2L));
        s.handlerAdded(echo("t.not_installed"));
        awaitState(s, s.create("missing", null, "tom").id(), RunState.COMPLETED);

        s.handlerRemoved(first);
        awaitState(s, s.create("missing", null, "tom").id(), RunState.COMPLETED);

        assertThat(servedBy).containsExactly("first", "second");
    }

    @Test
    void aBetterRankedHandlerServesItsTypeAndAWaitingRunContinuesWithIt() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        List<String> servedBy = Collections.synchronizedList(new ArrayList<>());
        s.handlerAdded(echo("t.a"));
        s.handlerAdded(handler("t.not_installed", c -> {
            servedBy.add("ranked");
            return StepResult.of(Map.of());
        }), Map.of("service.id", 20L, "service.ranking", 10));
        s.handlerAdded(handler("t.not_installed", c -> {
            servedBy.add("older");
            return StepResult.of(Map.of());
        }), Map.of("service.id", 3L));

        awaitState(s, s.create("missing", null, "tom").id(), RunState.COMPLETED);

        assertThat(servedBy).containsExactly("ranked");
    }

    @Test
    void aStoppedSchedulerGivesNoLoad() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        assertThat(s.load(5_000)).hasValueSatisfying(load -> assertThat(load.running()).isZero());
        assertThat(s.loopAlive()).isTrue();
        s.stop();
        assertThat(s.loopAlive()).isFalse();
        assertThat(s.load(100)).isEmpty();
    }

    @Test
    void afterARestartCompletedStepsAreNeverRepeatedAndInFlightOnesRunAgain() throws Exception {
        Scheduler first = scheduler(10, 10, 4);
        CountDownLatch bStarted = new CountDownLatch(1);
        first.handlerAdded(echo("t.a"));
        first.handlerAdded(echo("t.c"));
        first.handlerAdded(handler("t.b", c -> {
            bStarted.countDown();
            new CountDownLatch(1).await(); // in flight until the engine goes down and interrupts it
            return StepResult.of(Map.of());
        }));
        String id = first.create("diamond", null, "tom").id();
        assertThat(bStarted.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(BOUND).until(() -> step(first.find(id), "c").state() == StepState.COMPLETED);
        first.stop();
        schedulers.remove(first);

        Scheduler second = scheduler(10, 10, 4);
        for (String t : List.of("t.a", "t.b", "t.c", "t.d")) {
            second.handlerAdded(echo(t));
        }
        WorkflowRun run = awaitState(second, id, RunState.COMPLETED);

        assertThat(executions.get("a")).hasValue(1);
        assertThat(executions.get("c")).hasValue(1);
        assertThat(executions.get("b")).hasValue(2);
        assertThat(executions.get("d")).hasValue(1);
        assertThat(step(run, "b").attempt()).isEqualTo(2);
    }

    @Test
    void runsBeyondTheLimitQueueAndAFullQueueIsRefused() throws Exception {
        Scheduler s = scheduler(1, 1, 4);
        CountDownLatch release = new CountDownLatch(1);
        s.handlerAdded(blockedUntil("t.a", release));
        for (String t : List.of("t.b", "t.c", "t.d")) {
            s.handlerAdded(echo(t));
        }
        String running = s.create("diamond", null, "tom").id();
        String queued = s.create("diamond", null, "tom").id();
        assertThat(s.find(queued).state()).isEqualTo(RunState.QUEUED);

        assertThatThrownBy(() -> s.create("diamond", null, "tom"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.QUEUE_FULL));

        release.countDown();
        awaitState(s, running, RunState.COMPLETED);
        awaitState(s, queued, RunState.COMPLETED);
    }

    @Test
    void invalidParametersAndUnknownTemplatesAreRefusedListingEveryField() throws Exception {
        Scheduler s = scheduler(1, 1, 1);
        assertThatThrownBy(() -> s.create("diamond", Map.of("n", "two", "extra", 1), "tom"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.kind()).isEqualTo(WorkflowException.Kind.INVALID);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactlyInAnyOrder("parameters.n", "parameters.extra");
                });
        assertThatThrownBy(() -> s.create("nope", Map.of(), "tom"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.INVALID));
    }

    @Test
    void effectsCommitWithTheStepCompletionExactlyOnce() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE effect_log (step_key VARCHAR(300))");
        }
        Scheduler s = scheduler(10, 10, 4);
        for (String t : List.of("t.a", "t.b", "t.c", "t.d")) {
            s.handlerAdded(handler(t, ctx -> StepResult.of(Map.of()).withEffect(conn -> {
                try (var ps = conn.prepareStatement("INSERT INTO effect_log VALUES (?)")) {
                    ps.setString(1, ctx.idempotencyKey());
                    ps.executeUpdate();
                }
            })));
        }
        String id = s.create("diamond", null, "tom").id();
        awaitState(s, id, RunState.COMPLETED);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT step_key) FROM effect_log")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
            assertThat(rs.getInt(2)).isEqualTo(4);
        }
    }

    @Test
    void amongReadyStepsTheOneOnTheLongestRemainingPathStartsFirst() throws Exception {
        Scheduler s = scheduler(10, 10, 1);
        s.handlerAdded(handler("t.record", c -> {
            order.add(c.stepId());
            return StepResult.of(Map.of());
        }));
        awaitState(s, s.create("priority", null, "tom").id(), RunState.COMPLETED);
        assertThat(order.get(0)).isEqualTo("head");
        assertThat(order).hasSize(4);
    }
}
