package org.toolboxai.coordinator.workflow.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/**
 * The workflow scheduler in the health report, critical: lessons and courses are workflow runs.
 * DOWN when its loop thread is gone (no run progresses); DEGRADED when the loop does not answer
 * in time (busy with a slow commit, or stuck: not a reason to take the node out), when runs wait
 * for a step type no installed bundle handles, or when templates were rejected; UP otherwise;
 * with its load as details.
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
        return engine.health(LOOP_ANSWER_MILLIS).map(h -> assess(h.alive(), h.load(), h.templateProblems()))
                .orElseGet(() -> HealthCheck.degraded("The workflow scheduler is restarting with a new configuration; "
                        + "runs continue in a moment.", Map.of()));
    }

    static HealthCheck assess(boolean alive, Optional<Scheduler.Load> answer, List<String> templateProblems) {
        if (!alive) {
            return HealthCheck.down("The workflow scheduler is not running: no run progresses. See the log.");
        }
        if (answer.isEmpty()) {
            return HealthCheck.degraded("The workflow scheduler did not answer within " + LOOP_ANSWER_MILLIS
                    + " ms (busy with a slow commit, or stuck): runs may be delayed. See the log.", Map.of());
        }
        Scheduler.Load load = answer.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", load.running());
        details.put("max_running", load.maxRunning());
        details.put("queued", load.queued());
        details.put("paused", load.paused());
        details.put("busy_workers", load.busyWorkers());
        details.put("workers", load.workers());
        details.put("waiting_for", load.waitingTypes());
        details.put("rejected_templates", templateProblems.size());
        if (!load.waitingTypes().isEmpty()) {
            return HealthCheck.degraded("Runs wait for step types no installed bundle handles: "
                    + String.join(", ", load.waitingTypes()) + ". Install the bundle that provides them.", details);
        }
        if (!templateProblems.isEmpty()) {
            return HealthCheck.degraded(templateProblems.size() + " workflow template(s) were rejected at load; "
                    + "toolbox:workflow-templates and the log say why.", details);
        }
        return HealthCheck.up(details);
    }
}
