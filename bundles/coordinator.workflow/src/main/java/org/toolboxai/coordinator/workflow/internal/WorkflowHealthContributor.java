package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/**
 * The workflow scheduler in the health report, critical: lessons and courses are workflow runs.
 * DOWN when its loop thread is gone (no run progresses); DEGRADED when the loop does not answer
 * in time (busy with a slow commit, or stuck: not a reason to take the node out), when handler
 * threads are stuck (naming their steps and types), when runs wait for a step type no installed
 * bundle handles, or when templates were rejected, giving every reason; UP otherwise; with its
 * load as details.
 */
@Component(service = HealthContributor.class)
public class WorkflowHealthContributor implements HealthContributor {

    /** Below the health aggregator's default per-contributor time-out (2 s), so the reason shows. */
    static final long LOOP_ANSWER_MILLIS = 1500;

    private final WorkflowEngine engine;

    /** Reports on the engine. */
    @Activate
    public WorkflowHealthContributor(@Reference WorkflowEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "workflow";
    }

    @Override
    public boolean critical() {
        return true;
    }

    @Override
    public HealthCheck check() {
        // a stopped loop gives no load at once, without waiting
        return assess(engine.schedulerAlive(), engine.load(LOOP_ANSWER_MILLIS), engine.templateProblems());
    }

    static HealthCheck assess(boolean alive, Optional<SchedulerLoad> answer, List<String> templateProblems) {
        if (!alive) {
            return HealthCheck.down("The workflow scheduler is not running: no run progresses. See the log.");
        }
        if (answer.isEmpty()) {
            return HealthCheck.degraded("The workflow scheduler did not answer within " + LOOP_ANSWER_MILLIS
                    + " ms (busy with a slow commit, or stuck): runs may be delayed. See the log.", Map.of());
        }
        SchedulerLoad load = answer.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", load.running());
        details.put("max_running", load.maxRunning());
        details.put("queued", load.queued());
        details.put("paused", load.paused());
        details.put("busy_workers", load.busyWorkers());
        details.put("stuck_workers", load.stuckWorkers());
        details.put("workers", load.workers());
        details.put("waiting_for", load.waitingTypes());
        details.put("stuck", load.stuck().stream().map(WorkflowHealthContributor::stuckDetails).toList());
        details.put("rejected_templates", templateProblems.size());
        List<String> problems = new ArrayList<>();
        if (!load.stuck().isEmpty()) {
            problems.add(load.stuck().size() + " step thread(s) are stuck in handlers that ignored their time-out or "
                    + "cancel: " + load.stuck().stream().map(SchedulerLoad.StuckStep::describe).collect(Collectors.joining("; "))
                    + ". Other steps run on other threads; the handler's bundle needs fixing.");
        }
        if (!load.waitingTypes().isEmpty()) {
            problems.add("Runs wait for step types no installed bundle handles: "
                    + String.join(", ", load.waitingTypes()) + ". Install the bundle that provides them.");
        }
        if (!templateProblems.isEmpty()) {
            problems.add(templateProblems.size() + " workflow template(s) were rejected at load; "
                    + "toolbox:workflow-templates and the log say why.");
        }
        return problems.isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join(" ", problems), details);
    }

    private static Map<String, Object> stuckDetails(SchedulerLoad.StuckStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", step.runId());
        m.put("step_id", step.stepId());
        m.put("type", step.type());
        m.put("stuck_seconds", step.stuckMillis() / 1000);
        return m;
    }
}
