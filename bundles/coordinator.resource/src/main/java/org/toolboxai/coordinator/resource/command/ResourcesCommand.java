package org.toolboxai.coordinator.resource.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.resource.internal.ResourceCoordinator;
import org.toolboxai.coordinator.resource.internal.ResourcesEndpoint;

/** External services with their limits and use, allocation leases, today's budgets and the recommendations. */
@Service
@Command(scope = "toolbox", name = "resources", description = "Show rate limits and use per service, leases, budgets and recommendations")
public class ResourcesCommand implements Action {

    @Reference
    ResourceCoordinator resources;

    @Override
    public Object execute() {
        ResourcesEndpoint.Resources view = new ResourcesEndpoint(resources).view();
        ShellTable services = new ShellTable();
        for (String column : new String[] {"Service", "Per minute", "Per day", "Concurrent", "Available", "In flight", "Granted",
            "Waited", "Refused"}) {
            services.column(column);
        }
        for (ResourcesEndpoint.ServiceView s : view.services()) {
            ResourcesEndpoint.LimitsView l = s.limits();
            services.addRow().addContent(s.service(), l == null || l.perMinute() == 0 ? "-" : l.perMinute(),
                    l == null || l.perDay() == 0 ? "-" : l.perDay(), l == null || l.concurrentPerNode() == 0 ? "-" : l.concurrentPerNode(),
                    s.available().isEmpty() ? "-" : s.available().toString(), s.inFlight(), s.granted(), s.waited(), s.refused());
        }
        services.print(System.out);
        Map<String, Long> capacity = view.allocations().capacity();
        System.out.println("Allocations: capacity " + capacity + ", in use " + view.allocations().inUse() + ", "
                + view.allocations().leases().size() + " lease(s), " + view.allocations().waiting() + " waiting");
        view.budgets().forEach(b -> System.out.println("Budget " + b.scope() + ": " + Dollars.text(b.dailyUsd()) + " a day, "
                + Dollars.text(b.settledUsd()) + " spent and " + Dollars.text(b.reservedUsd()) + " reserved today, "
                + Dollars.text(b.leftUsd()) + " left"));
        view.recommendations().forEach(r -> System.out.println("Recommendation: " + r));
        view.configurationProblems().forEach(p -> System.out.println("Configuration left out: " + p));
        return null;
    }
}
