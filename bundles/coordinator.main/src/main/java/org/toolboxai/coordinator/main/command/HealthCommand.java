package org.toolboxai.coordinator.main.command;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.health.ContributorHealth;
import org.toolboxai.api.health.HealthReport;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.health.Readiness;

/** Prints the aggregated health; fails (non-zero exit in {@code bin/client -b}) when DOWN. */
@Service
@Command(scope = "toolbox", name = "health", description = "Show the health of every contributor")
public class HealthCommand implements Action {

    @Reference
    org.toolboxai.api.health.HealthService health;

    @Override
    public Object execute() {
        HealthReport report = health.check();
        ShellTable table = new ShellTable();
        table.column("Contributor");
        table.column("Status");
        table.column("Critical");
        table.column("Time (ms)");
        table.column("Message").maxSize(60);
        for (ContributorHealth c : report.contributors()) {
            table.addRow().addContent(c.name(), c.status(), c.critical() ? "yes" : "no", c.responseMillis(),
                    c.message() == null ? "" : c.message());
        }
        table.print(System.out);
        System.out.println("Overall: " + report.status());
        Readiness readiness = health.readiness();
        System.out.println("Ready: " + (readiness.ready() ? "yes" : "no, waiting for " + readiness.waitingFor().stream()
                .map(p -> p.name() + " (" + p.status() + ")").collect(Collectors.joining(", "))));
        if (report.status() == HealthStatus.DOWN) {
            throw new IllegalStateException("The system is DOWN.");
        }
        return null;
    }
}
