package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;

/**
 * {@code guardrails}: whether the agents' model calls pass through the resource coordinator
 * (rate limits, budgets, ledger) and the error coordinator (recovery); DEGRADED, naming what is
 * missing, when either is not installed: content is still made, without that guardrail.
 */
@Component(service = HealthContributor.class)
public class GuardrailsHealth implements HealthContributor {

    private final ModelProviders providers;

    @Activate
    public GuardrailsHealth(@Reference ModelProviders providers) {
        this.providers = providers;
    }

    @Override
    public String name() {
        return "guardrails";
    }

    @Override
    public HealthCheck check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean resource = providers.guard().isPresent();
        boolean errors = providers.errors().isPresent();
        details.put("resource_coordinator", resource);
        details.put("error_coordinator", errors);
        List<String> missing = new ArrayList<>();
        if (!resource) {
            missing.add("no resource coordinator: model calls are not rate-limited, not held to the budgets and not in the cost "
                    + "ledger (feature:install toolbox-resource)");
        }
        if (!errors) {
            missing.add("no error coordinator: failed model calls are not retried, have no circuit breaker or fallback and are "
                    + "not grouped or alerted (feature:install toolbox-error)");
        }
        return missing.isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join("; ", missing), details);
    }
}
