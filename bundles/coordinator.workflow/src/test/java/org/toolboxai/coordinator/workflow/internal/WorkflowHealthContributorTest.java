package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthStatus;

class WorkflowHealthContributorTest {

    private static Scheduler.Load load(List<String> waiting) {
        return new Scheduler.Load(3, 2, 1, 5, 16, 10, waiting);
    }

    @Test
    void aSchedulerThatIsNotRunningIsDown() {
        HealthCheck check = WorkflowHealthContributor.assess(false, Optional.empty(), List.of());
        assertThat(check.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(check.message()).contains("no run progresses");
    }

    @Test
    void aLoopThatDoesNotAnswerInTimeIsOnlyDegraded() {
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.empty(), List.of());
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).contains("did not answer");
    }

    @Test
    void anIdleOrBusySchedulerIsUpWithItsLoad() {
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load(List.of())), List.of());
        assertThat(check.status()).isEqualTo(HealthStatus.UP);
        assertThat(check.details()).containsEntry("running", 3).containsEntry("queued", 2)
                .containsEntry("paused", 1).containsEntry("busy_workers", 5).containsEntry("workers", 16)
                .containsEntry("max_running", 10).containsEntry("rejected_templates", 0);
    }

    @Test
    void runsWaitingForAMissingStepTypeDegradeItAndNameTheType() {
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load(List.of("lms.canvas.publish"))), List.of());
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).contains("lms.canvas.publish");
    }

    @Test
    void rejectedTemplatesDegradeIt() {
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load(List.of())),
                List.of("etc/toolbox/workflows/x.json: unknown field 'stepz'"));
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.details()).containsEntry("rejected_templates", 1);
    }
}
