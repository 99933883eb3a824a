package org.toolboxai.coordinator.sync.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.sync.internal.LiveHub;
import org.toolboxai.coordinator.sync.internal.SyncEvents;

/** This node's sync coordinator at a glance: the event log, the bus, the sockets. */
@Service
@Command(scope = "toolbox", name = "sync-status", description = "Show the event log, the bus and the WebSocket clients of this node")
public class SyncStatusCommand implements Action {

    @Reference
    SyncEvents events;

    @Reference(optional = true)
    LiveHub live;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("What");
        table.column("Value");
        for (Map.Entry<String, Object> e : events.status().entrySet()) {
            table.addRow().addContent(e.getKey(), e.getValue());
        }
        if (live != null) {
            for (Map.Entry<String, Object> e : live.status().entrySet()) {
                table.addRow().addContent(e.getKey(), e.getValue());
            }
        }
        table.print(System.out);
        return null;
    }
}
