package org.toolboxai.coordinator.resource.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * {@code resources}: DEGRADED when a budget of today is spent (model calls under it are refused
 * until 00:00 UTC) or configuration keys were left out; UP otherwise, with the limited services
 * and today's budgets.
 */
@Component(service = HealthContributor.class)
public class ResourceHealth implements HealthContributor {

    private final ResourceCoordinator resources;

    @Activate
    public ResourceHealth(@Reference ResourceCoordinator resources) {
        this.resources = resources;
    }

    @Override
    public String name() {
        return "resources";
    }

    @Override
    public HealthCheck check() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limited_services", resources.limits().limits().keySet());
        List<String> problems = new ArrayList<>();
        for (BudgetLedger.Spend spend : resources.ledger().budgetsOn(LocalDate.now(ZoneOffset.UTC))) {
            details.put("budget." + spend.scope(), Money.format(spend.left()) + " of " + Money.format(spend.budget()) + " left");
            if (spend.left() == 0) {
                problems.add("the " + spend.scope() + " budget of today is spent: model calls under it are refused until 00:00 UTC");
            }
        }
        if (!resources.problems().isEmpty()) {
            problems.add(resources.problems().size() + " configuration key(s) left out: " + String.join("; ", resources.problems()));
        }
        return problems.isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join("; ", problems), details);
    }
}
