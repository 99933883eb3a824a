package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepResult;
import org.toolboxai.api.workflow.WorkflowRun;

/** New limits (a configuration change) apply to new work while the scheduler and its running steps go on. */
class SchedulerSettingsTest extends SchedulerTestSupport {

    private static final String HOLD = """
            {"name": "hold", "steps": [{"id": "h", "type": "t.hold"}]}""";
    private static final String QUICK = """
            {"name": "quick", "steps": [{"id": "q", "type": "t.quick"}]}""";

    @Override
    List<String> templateJson() {
        return List.of(HOLD, QUICK);
    }

    @Test
    void raisingWorkerThreadsAndMaxRunningRunsStartsQueuedWorkWithoutInterruptingRunningSteps() throws Exception {
        Scheduler s = scheduler(1, 10, 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean disturbed = new AtomicBoolean();
        s.handlerAdded(handler("t.hold", c -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                disturbed.set(true);
                throw e;
            }
            disturbed.compareAndSet(false, c.cancelled());
            return StepResult.of(Map.of());
        }));
        s.handlerAdded(echo("t.quick"));
        String held = s.create("hold", null, "tom").id();
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        String queued = s.create("quick", null, "tom").id();
        assertThat(s.find(queued).state()).isEqualTo(RunState.QUEUED);

        s.update(settings(2, 10, 2));

        // the queued run starts and completes on the second worker while the first step still holds
        awaitState(s, queued, RunState.COMPLETED);
        assertThat(s.find(held).state()).isEqualTo(RunState.RUNNING);
        SchedulerLoad load = s.load(5_000).orElseThrow();
        assertThat(load.workers()).isEqualTo(2);
        assertThat(load.maxRunning()).isEqualTo(2);
        assertThat(load.busyWorkers()).isEqualTo(1);

        s.update(settings(1, 10, 1));
        release.countDown();
        WorkflowRun run = awaitState(s, held, RunState.COMPLETED);
        assertThat(disturbed).isFalse();
        assertThat(step(run, "h").attempt()).isEqualTo(1);
    }

    @Test
    void aNewDefaultTimeOutAndRetriesApplyToRunsCreatedAfterTheChange() throws Exception {
        Scheduler s = scheduler(1, 10, 1);
        String before = s.create("quick", null, "tom").id();

        s.update(new EngineSettings(1, 10, 1, 5_000, 3, 10, 50, 30_000));
        String after = s.create("quick", null, "tom").id();

        PlannedStep old = s.store().find(before).steps().get(0).plan();
        PlannedStep fresh = s.store().find(after).steps().get(0).plan();
        assertThat(old.timeoutMillis()).isEqualTo(30_000);
        assertThat(old.retries()).isZero();
        assertThat(fresh.timeoutMillis()).isEqualTo(5_000);
        assertThat(fresh.retries()).isEqualTo(3);
    }
}
