package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowRun;

/** Handlers that ignore their time-out, hold every worker or leave mid-step do not stop the engine. */
class MisbehavingHandlerTest extends SchedulerTestSupport {

    private static final String STUCK = """
            {"name": "stuck", "steps": [{"id": "s", "type": "t.stuck", "timeout_seconds": 1, "retries": 0}]}""";
    /** A step with a time-out shorter than the waits of these tests. */
    private static final String BRIEF = """
            {"name": "brief", "steps": [{"id": "b", "type": "t.quick", "timeout_seconds": 1, "retries": 0}]}""";
    private static final String HOLD = """
            {"name": "hold", "steps": [{"id": "h", "type": "t.hold"}]}""";
    private static final String SWAP = """
            {"name": "swap", "steps": [{"id": "w", "type": "t.swap", "retries": 2}]}""";

    /** Released by each test, and after it whatever happened, so no handler thread outlives it. */
    private final List<CountDownLatch> releases = Collections.synchronizedList(new ArrayList<>());

    @Override
    List<String> templateJson() {
        return List.of(STUCK, BRIEF, HOLD, SWAP);
    }

    @AfterEach
    void releaseHandlers() {
        releases.forEach(CountDownLatch::countDown);
    }

    private CountDownLatch release() {
        CountDownLatch latch = new CountDownLatch(1);
        releases.add(latch);
        return latch;
    }

    /**
     * A handler that ignores interrupts and cancellation: it returns only when its latch (the
     * n-th of {@code latches}, n counting its calls) is released.
     */
    private StepHandler ignoringInterrupts(List<CountDownLatch> latches) {
        AtomicInteger calls = new AtomicInteger();
        return handler("t.stuck", c -> {
            CountDownLatch latch = latches.get(calls.getAndIncrement());
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await(30, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // and carry on, as a badly written handler does
                }
            }
            return StepResult.of(Map.of("interrupted", interrupted));
        });
    }

    private static SchedulerLoad load(Scheduler s) {
        return s.load(5_000).orElseThrow();
    }

    @Test
    void aHandlerThatIgnoresItsTimeOutIsCountedAsStuckAndOtherRunsStillComplete() throws Exception {
        Scheduler s = scheduler(10, 10, 1);
        CountDownLatch release = release();
        s.handlerAdded(ignoringInterrupts(List.of(release)));
        s.handlerAdded(echo("t.quick"));

        WorkflowRun stuck = awaitState(s, s.create("stuck", null, "tom").id(), RunState.FAILED);

        assertThat(step(stuck, "s").failure().kind()).isEqualTo(FailureKind.TIMED_OUT);
        SchedulerLoad load = load(s);
        assertThat(load.busyWorkers()).isZero();
        assertThat(load.stuckWorkers()).isEqualTo(1);
        assertThat(load.stuck()).singleElement().satisfies(step -> {
            assertThat(step.runId()).isEqualTo(stuck.id());
            assertThat(step.stepId()).isEqualTo("s");
            assertThat(step.type()).isEqualTo("t.stuck");
        });
        // the only worker slot is free again: a step with a 1 s time-out runs on a thread of its own
        // and is not timed out queued behind the stuck thread
        WorkflowRun brief = awaitState(s, s.create("brief", null, "tom").id(), RunState.COMPLETED);
        assertThat(step(brief, "b").attempt()).isEqualTo(1);

        release.countDown();
        await().atMost(BOUND).until(() -> load(s).stuckWorkers() == 0);
        assertThat(load(s).stuck()).isEmpty();
    }

    @Test
    void twoStuckHandlersWithTwoWorkerThreadsDoNotBlockAThirdRun() throws Exception {
        Scheduler s = scheduler(10, 10, 2);
        s.handlerAdded(ignoringInterrupts(List.of(release(), release())));
        s.handlerAdded(echo("t.quick"));

        String first = s.create("stuck", null, "tom").id();
        String second = s.create("stuck", null, "tom").id();
        awaitState(s, first, RunState.FAILED);
        awaitState(s, second, RunState.FAILED);
        assertThat(load(s).stuckWorkers()).isEqualTo(2);

        awaitState(s, s.create("brief", null, "tom").id(), RunState.COMPLETED);
        assertThat(load(s).stuck()).extracting(SchedulerLoad.StuckStep::runId).containsExactly(first, second);
    }

    @Test
    void atTwiceTheWorkerThreadsNoStepStartsUntilAStuckThreadReturns() throws Exception {
        Scheduler s = scheduler(10, 10, 1);
        CountDownLatch firstRelease = release();
        s.handlerAdded(ignoringInterrupts(List.of(firstRelease, release())));
        s.handlerAdded(echo("t.quick"));
        awaitState(s, s.create("stuck", null, "tom").id(), RunState.FAILED);
        awaitState(s, s.create("stuck", null, "tom").id(), RunState.FAILED);
        assertThat(load(s).stuckWorkers()).isEqualTo(2);

        s.handlerAdded(echo("t.hold"));
        String waits = s.create("hold", null, "tom").id();
        // two threads are taken with worker.threads = 1: the cap holds the step back
        await().during(Duration.ofMillis(500)).atMost(BOUND).until(() -> step(s.find(waits), "h").state() == StepState.PENDING);
        assertThat(executions.get("h")).isNull();

        firstRelease.countDown();
        awaitState(s, waits, RunState.COMPLETED);
        assertThat(load(s).stuckWorkers()).isEqualTo(1);
    }

    @Test
    void theTimeOutStartsWhenTheHandlerStartsNotWhileTheStepWaitsForAWorker() throws Exception {
        Scheduler s = scheduler(10, 10, 1);
        CountDownLatch release = release();
        s.handlerAdded(blockedUntil("t.hold", release));
        s.handlerAdded(echo("t.quick"));
        String held = s.create("hold", null, "tom").id();
        await().atMost(BOUND).until(() -> step(s.find(held), "h").state() == StepState.RUNNING);

        String brief = s.create("brief", null, "tom").id();
        // longer than the brief step's 1 s time-out, spent waiting for the only worker
        await().during(Duration.ofMillis(1500)).atMost(BOUND).until(() -> step(s.find(brief), "b").state() == StepState.PENDING);
        release.countDown();

        WorkflowRun run = awaitState(s, brief, RunState.COMPLETED);
        assertThat(step(run, "b").attempt()).isEqualTo(1);
        assertThat(step(run, "b").failure()).isNull();
        awaitState(s, held, RunState.COMPLETED);
    }

    @Test
    void aHandlerRemovedMidStepFailsItsAttemptWhichWaitsVisiblyAndTheNextHandlerRetries() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        StepHandler leaving = handler("t.swap", c -> {
            running.countDown();
            try {
                release().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                stopped.countDown();
                throw e;
            }
            return StepResult.of(Map.of("by", "leaving"));
        });
        s.handlerAdded(leaving);
        String id = s.create("swap", null, "tom").id();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        s.handlerRemoved(leaving);

        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(BOUND).until(() -> s.find(id).waitingFor().contains("t.swap"));
        WorkflowRun waiting = s.find(id);
        assertThat(step(waiting, "w").state()).isEqualTo(StepState.WAITING);
        assertThat(step(waiting, "w").failure().kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(step(waiting, "w").error()).contains("its handler left");
        assertThat(load(s).waitingTypes()).containsExactly("t.swap");
        // the interrupted handler returned: nothing is stuck
        await().atMost(BOUND).until(() -> load(s).stuckWorkers() == 0);

        s.handlerAdded(handler("t.swap", c -> StepResult.of(Map.of("by", "next"))));
        WorkflowRun done = awaitState(s, id, RunState.COMPLETED);
        assertThat(step(done, "w").attempt()).isEqualTo(2);
        assertThat(step(done, "w").output()).containsEntry("by", "next");
        assertThat(load(s).waitingTypes()).isEmpty();
    }
}
