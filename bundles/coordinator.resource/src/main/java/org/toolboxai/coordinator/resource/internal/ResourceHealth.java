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
 * {@code resources}: DEGRADED when the global budget of today is spent (model calls are refused
 * until 00:00 UTC) or configuration keys were left out; UP otherwise, with the limited services,
 * the global budget and how many users' budgets are spent (not whose: health is for any caller).
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
        // any authenticated caller reads health details: the global budget, and only a count of the
        // users' (what each user spent is for admins, in GET /api/v1/resources)
        int usersSpent = 0;
        for (BudgetLedger.Spend spend : resources.ledger().budgetsOn(LocalDate.now(ZoneOffset.UTC))) {
            if (spend.scope().equals(BudgetLedger.GLOBAL)) {
                details.put("budget.global", Money.format(spend.left()) + " of " + Money.format(spend.budget()) + " left");
                if (spend.left() == 0) {
                    problems.add("the global budget of today is spent: model calls are refused until 00:00 UTC");
                }
            } else if (spend.left() == 0) {
                usersSpent++;
            }
        }
        details.put("user_budgets_spent", usersSpent);
        if (!resources.problems().isEmpty()) {
            problems.add(resources.problems().size() + " configuration key(s) left out: " + String.join("; ", resources.problems()));
        }
        return problems.isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join("; ", problems), details);
    }
}
