package org.toolboxai.coordinator.error.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.error.internal.ErrorCoordinatorService;
import org.toolboxai.coordinator.error.internal.ErrorsEndpoint;

/** Lists error groups, latest failure first, and the circuits of remote services. */
@Service
@Command(scope = "toolbox", name = "errors", description = "List error groups (open ones unless --all) and circuits")
public class ErrorsCommand implements Action {

    @Reference
    ErrorCoordinatorService errors;

    @Option(name = "--all", description = "Resolved groups too")
    boolean all;

    @Option(name = "--limit", description = "At most this many groups")
    int limit = 50;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        for (String column : List.of("Fingerprint", "Class", "Component", "Count", "Last seen", "Status", "Message")) {
            table.column(column);
        }
        errors.groups().list(all ? null : "open", null, null, Math.max(1, limit)).stream().map(ErrorsEndpoint::view)
                .forEach(g -> table.addRow().addContent(g.fingerprint(), g.errorClass(), g.component(), g.occurrences(),
                        g.lastSeen(), g.status() + (g.recurring() ? " (recurring)" : ""), shorten(g.lastMessage())));
        table.print(System.out);
        errors.breakers().circuits().forEach(c -> System.out.println("circuit " + c.service() + ": " + c.state() + " since "
                + (c.since() == null ? "-" : c.since()) + ", failure rate " + (c.failureRate() < 0 ? "-" : c.failureRate() + "%")));
        return null;
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

}
