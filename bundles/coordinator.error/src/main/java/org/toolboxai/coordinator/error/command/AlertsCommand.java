package org.toolboxai.coordinator.error.command;

import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.error.internal.ErrorCoordinatorService;
import org.toolboxai.coordinator.error.internal.ErrorsEndpoint;

/** The latest alerts on this node with each channel's delivery. */
@Service
@Command(scope = "toolbox", name = "alerts", description = "List the latest alerts and where they were delivered")
public class AlertsCommand implements Action {

    @Reference
    ErrorCoordinatorService errors;

    @Option(name = "--limit", description = "At most this many alerts")
    int limit = 20;

    @Override
    public Object execute() {
        ErrorsEndpoint.AlertList list = new ErrorsEndpoint(errors).alerts();
        ShellTable table = new ShellTable();
        for (String column : new String[] {"At", "Level", "Title", "Count", "Deliveries"}) {
            table.column(column);
        }
        list.alerts().stream().limit(Math.max(1, limit)).forEach(r -> table.addRow().addContent(r.alert().at(), r.alert().level(),
                r.alert().title(), r.alert().count(), r.deliveries().values().stream()
                        .map(d -> d.channel() + ": " + d.outcome().name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(", "))));
        table.print(System.out);
        System.out.println("Channels: " + list.channels() + "; repeats held back: " + list.duplicatesHeldBack()
                + "; throttled: " + list.throttled());
        return null;
    }
}
