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
 * bundle handles, when templates were rejected, or when another node sharing the database stopped
 * heartbeating (its runs go on here and at the others, but the administrator should know), giving
 * every reason; UP otherwise; with its load and this node's id as details.
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
        List<NodeView> nodes;
        try {
            nodes = engine.nodes();
        } catch (RuntimeException e) {
            nodes = List.of(); // the store's own contributor reports a database that does not answer
        }
        return assess(engine.schedulerAlive(), engine.load(LOOP_ANSWER_MILLIS), engine.templateProblems(), nodes);
    }

    static HealthCheck assess(boolean alive, Optional<SchedulerLoad> answer, List<String> templateProblems) {
        return assess(alive, answer, templateProblems, List.of());
    }

    static HealthCheck assess(boolean alive, Optional<SchedulerLoad> answer, List<String> templateProblems, List<NodeView> nodes) {
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
        nodes.stream().filter(NodeView::self).findFirst().ifPresent(self -> details.put("node", self.id()));
        details.put("nodes_up", nodes.stream().filter(n -> n.state().equals("up")).count());
        List<NodeView> stale = nodes.stream().filter(n -> n.state().equals("stale")).toList();
        details.put("nodes_stale", stale.stream().map(NodeView::id).toList());
        List<String> problems = new ArrayList<>();
        for (NodeView node : stale) {
            problems.add("Node " + node.id() + " (" + node.address() + ") has not heartbeaten for "
                    + node.heartbeatAgeMillis() / 1000 + " s: its runs go on at the other nodes; restart it, "
                    + "or it leaves the node list after a day.");
        }
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
