package org.toolboxai.swarm.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/**
 * {@code swarm} in the health report: its pool and what it did; degraded while its queue refuses
 * work or while it has no way to verify but models (no deterministic solver is installed).
 */
@Component(service = HealthContributor.class)
public class SwarmHealth implements HealthContributor {

    private final SwarmService swarm;

    @Activate
    public SwarmHealth(@Reference SwarmService swarm) {
        this.swarm = swarm;
    }

    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public HealthCheck check() {
        Map<String, Object> details = SwarmHealth.details(swarm);
        PriorityPool pool = swarm.pool();
        if (pool.refused() > 0 && pool.queued() > 0) {
            return HealthCheck.degraded("The swarm's queue is full and refused " + pool.refused() + " tasks; raise queue.size or "
                    + "pool.size in etc/" + SwarmConfig.PID + ".cfg.", details);
        }
        return HealthCheck.up(details);
    }

    static Map<String, Object> details(SwarmService swarm) {
        Settings s = swarm.settings();
        PriorityPool pool = swarm.pool();
        SwarmService.Stats st = swarm.stats;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("solvers", s.solvers());
        d.put("solver_providers", s.solverProviders().isEmpty() ? "the agents' provider" : String.join(",", s.solverProviders()));
        d.put("deterministic_solvers", String.join(",", swarm.solverNames()));
        d.put("agreement", s.agreement());
        d.put("reviewers", s.reviewers().isEmpty() ? "none (candidates off)" : String.join(",", s.reviewers()));
        d.put("strategy", s.strategy().wire());
        d.put("pool_threads", pool.threads());
        d.put("pool_active", pool.active());
        d.put("pool_queued", pool.queued());
        d.put("questions", st.questions.get());
        d.put("accepted", st.accepted.get());
        d.put("regenerated", st.regenerated.get());
        d.put("flagged", st.flagged.get());
        d.put("unverified", st.unverified.get());
        d.put("deterministic", st.deterministic.get());
        d.put("decisions", st.decisions.get());
        d.put("needs_review", st.needsReview.get());
        d.put("model_calls", st.modelCalls.get());
        d.put("calls_refused_by_limit", st.limited.get());
        return d;
    }
}
