package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.WorkflowEvents;
import org.toolboxai.api.workflow.WorkflowRun;

/** A run that waits for a missing step type: what it shows, and that cancelling it ends the wait. */
class WaitingRunTest extends SchedulerTestSupport {

    private static final String MISSING = """
            {"name": "missing", "steps": [
               {"id": "first", "type": "t.a"},
               {"id": "later", "type": "t.not_installed", "depends_on": ["first"]}]}""";

    @Override
    List<String> templateJson() {
        return List.of(MISSING);
    }

    @Test
    void aWaitingRunCountsOnlyWorkDoneAndHasNoEta() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        CountDownLatch release = new CountDownLatch(1);
        s.handlerAdded(blockedUntil("t.a", release));
        String id = s.create("missing", null, "tom").id();
        await().atMost(BOUND).until(() -> step(s.find(id), "first").state() == StepState.RUNNING);
        WorkflowRun running = s.find(id);
        // both steps are estimated alike (1 s each, no statistics yet): nothing is done, up to 2 s to go
        assertThat(running.progress()).isZero();
        assertThat(running.etaSeconds()).isBetween(1L, 2L);

        release.countDown();
        await().atMost(BOUND).until(() -> s.find(id).waitingFor().contains("t.not_installed"));

        WorkflowRun waiting = s.find(id);
        assertThat(waiting.progress()).isEqualTo(50.0);
        assertThat(waiting.etaSeconds()).isNull();
    }

    @Test
    void cancellingARunThatWaitsForAMissingTypeEndsTheWaitAndCountsNothingCancelledAsDone() throws Exception {
        Scheduler s = scheduler(10, 10, 4);
        s.handlerAdded(echo("t.a"));
        String id = s.create("missing", null, "tom").id();
        await().atMost(BOUND).until(() -> s.load(5_000).orElseThrow().waitingTypes().contains("t.not_installed"));

        WorkflowRun cancelled = s.control(id, RunAction.CANCEL);

        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(cancelled.progress()).isEqualTo(50.0);
        assertThat(cancelled.etaSeconds()).isNull();
        assertThat(cancelled.waitingFor()).isEmpty();
        assertThat(s.load(5_000).orElseThrow().waitingTypes()).isEmpty();
        assertThat(s.waitingTypes()).isEmpty();
        WorkflowRun stored = s.find(id);
        assertThat(stored.progress()).isLessThan(100.0);
        assertThat(stored.etaSeconds()).isNull();
        assertThat(step(stored, "later").state()).isEqualTo(StepState.CANCELLED);
        Map<String, Object> event = events.stream().filter(e -> e.getKey().equals(WorkflowEvents.runTopic(RunState.CANCELLED)))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(event).containsEntry(WorkflowEvents.RUN_ID, id).containsEntry(WorkflowEvents.PROGRESS, 50.0)
                .containsEntry(WorkflowEvents.STATE, "CANCELLED").containsEntry(WorkflowEvents.OWNER, "tom");
    }
}
