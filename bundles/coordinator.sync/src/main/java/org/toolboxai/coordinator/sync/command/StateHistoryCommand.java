package org.toolboxai.coordinator.sync.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.sync.internal.SyncCoordinator;

/** A shared document's kept versions, newest first. */
@Service
@Command(scope = "toolbox", name = "state-history", description = "List a shared document's kept versions")
public class StateHistoryCommand implements Action {

    @Reference
    SyncCoordinator sync;

    @Argument(index = 0, name = "name", required = true, description = "the document's name")
    String name;

    @Option(name = "--limit", description = "At most this many versions")
    int limit = 20;

    @Override
    public Object execute() throws Exception {
        if (sync.current(name).isEmpty()) {
            throw new IllegalArgumentException("There is no document named " + name + ".");
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Version", "Author", "At", "Kind", "SHA-256", "Size"}) {
            table.column(column);
        }
        sync.history(name, Math.max(1, Math.min(limit, 100))).forEach(v -> table.addRow().addContent(v.version(), v.author(), v.at(),
                v.kind(), v.checksum().substring(0, 12), v.content().toString().length()));
        table.print(System.out);
        return null;
    }
}
