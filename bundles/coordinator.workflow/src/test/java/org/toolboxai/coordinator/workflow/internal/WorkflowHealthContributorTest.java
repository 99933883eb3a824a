package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthStatus;

class WorkflowHealthContributorTest {

    private static SchedulerLoad load(List<String> waiting) {
        return new SchedulerLoad(3, 2, 1, 5, 0, 16, 10, waiting, List.of());
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
    void stuckHandlerThreadsDegradeItNamingTheirStepsAndTypesAlongWithOtherReasons() {
        SchedulerLoad load = new SchedulerLoad(1, 0, 0, 2, 1, 16, 10, List.of("lms.canvas.publish"),
                List.of(new SchedulerLoad.StuckStep("run-1", "lesson_1.quiz", "agent.quiz", 95_400)));

        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load), List.of());

        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).contains("1 step thread(s) are stuck")
                .contains("step lesson_1.quiz of run run-1 (type agent.quiz), stuck 95 s").contains("lms.canvas.publish");
        assertThat(check.details()).containsEntry("busy_workers", 2).containsEntry("stuck_workers", 1)
                .containsEntry("stuck", List.of(Map.of("run_id", "run-1", "step_id", "lesson_1.quiz", "type", "agent.quiz",
                        "stuck_seconds", 95L)));
    }

    @Test
    void rejectedTemplatesDegradeIt() {
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load(List.of())),
                List.of("etc/toolbox/workflows/x.json: unknown field 'stepz'"));
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.details()).containsEntry("rejected_templates", 1);
    }

    @Test
    void aNodeThatStoppedHeartbeatingDegradesTheReportByName() {
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        List<NodeView> nodes = List.of(new NodeView("node-a", true, "up", "a pid 1", t, t, 100, 3, 2, 16),
                new NodeView("node-b", false, "stale", "b pid 2", t, t, 42_000, 5, 5, 16),
                new NodeView("node-c", false, "stopped", "c pid 3", t, t, 90_000, 0, 0, 16));
        HealthCheck check = WorkflowHealthContributor.assess(true, Optional.of(load(List.of())), List.of(), nodes);
        assertThat(check.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(check.message()).contains("node-b").contains("42 s").doesNotContain("node-c");
        assertThat(check.details()).containsEntry("node", "node-a").containsEntry("nodes_up", 1L)
                .containsEntry("nodes_stale", List.of("node-b"));
        assertThat(WorkflowHealthContributor.assess(true, Optional.of(load(List.of())), List.of(), nodes.subList(0, 1)).status())
                .isEqualTo(HealthStatus.UP);
    }
}
