package org.toolboxai.coordinator.resource.command;

import java.math.BigDecimal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.coordinator.resource.internal.BudgetsEndpoint;
import org.toolboxai.coordinator.resource.internal.ResourceCoordinator;

/** Sets or removes the daily budget of global or user:&lt;name&gt;. */
@Service
@Command(scope = "toolbox", name = "budget-set", description = "Set the daily budget in dollars of global or user:<name> ('none' removes it)")
public class BudgetSetCommand implements Action {

    @Reference
    ResourceCoordinator resources;

    @Argument(index = 0, name = "scope", required = true, description = "global or user:<name>")
    String scope;

    @Argument(index = 1, name = "dollars", required = true, description = "dollars per UTC day (0 to 1000000, 6 decimals at most), or none")
    String dollars;

    @Override
    public Object execute() {
        if (!BudgetsEndpoint.SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("The scope is global or user:<name> (letters, digits, '.', '_', '@', '-').");
        }
        BigDecimal usd = null;
        if (!dollars.equalsIgnoreCase("none")) {
            try {
                usd = new BigDecimal(dollars);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The budget is dollars per day, e.g. 25 or 2.50, or none.");
            }
            if (usd.signum() < 0 || usd.scale() > 6 || usd.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                throw new IllegalArgumentException("The budget is from 0 to 1000000 dollars, at most 6 decimals.");
            }
        }
        BudgetsEndpoint.BudgetView view = new BudgetsEndpoint(resources, java.time.Clock.systemUTC()).setBudget(scope, usd, "shell");
        System.out.println(view.dailyUsd() == null ? scope + ": no budget"
                : scope + ": " + Dollars.text(view.dailyUsd()) + " a day; today " + Dollars.text(view.settledUsd())
                        + " spent, " + Dollars.text(view.reservedUsd()) + " reserved, " + Dollars.text(view.leftUsd()) + " left");
        return null;
    }
}
