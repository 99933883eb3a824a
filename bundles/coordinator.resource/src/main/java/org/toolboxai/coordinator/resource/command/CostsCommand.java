package org.toolboxai.coordinator.resource.command;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.resource.internal.BudgetLedger;
import org.toolboxai.coordinator.resource.internal.BudgetsEndpoint;
import org.toolboxai.coordinator.resource.internal.ResourceCoordinator;

/** Settled model-call costs from the ledger, grouped by day, user or model. */
@Service
@Command(scope = "toolbox", name = "costs", description = "Model-call costs from the ledger, by day, user or model")
public class CostsCommand implements Action {

    @Reference
    ResourceCoordinator resources;

    @Option(name = "--from", description = "First UTC day (YYYY-MM-DD), default today")
    String from;

    @Option(name = "--to", description = "Last UTC day (YYYY-MM-DD), default today")
    String to;

    @Option(name = "--user", description = "Only this user's calls")
    String user;

    @Option(name = "--group", description = "day (default), user or model")
    String group = "day";

    @Override
    public Object execute() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = from == null ? today : LocalDate.parse(from);
        LocalDate last = to == null ? today : LocalDate.parse(to);
        BudgetLedger.Grouping grouping;
        try {
            grouping = BudgetLedger.Grouping.valueOf(group.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--group is day, user or model");
        }
        BudgetsEndpoint.CostList costs = new BudgetsEndpoint(resources, java.time.Clock.systemUTC()).costs(first, last, user, grouping);
        ShellTable table = new ShellTable();
        for (String column : new String[] {grouping.name().substring(0, 1) + grouping.name().substring(1).toLowerCase(Locale.ROOT), "Calls",
            "Input tokens", "Output tokens", "Cost"}) {
            table.column(column);
        }
        costs.groups().forEach(g -> table.addRow().addContent(g.key(), g.calls(), g.inputTokens(), g.outputTokens(),
                Dollars.text(g.costUsd())));
        table.print(System.out);
        System.out.println("Total: " + Dollars.text(costs.totalUsd()) + " from " + first + " to " + last + (user == null ? "" : " for " + user));
        return null;
    }
}
