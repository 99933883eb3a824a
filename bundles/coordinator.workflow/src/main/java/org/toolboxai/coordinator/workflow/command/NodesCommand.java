package org.toolboxai.coordinator.workflow.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.coordinator.workflow.internal.NodeView;
import org.toolboxai.coordinator.workflow.internal.WorkflowEngine;

/** Lists the nodes sharing the database: state, last heartbeat, load; this node first, marked. */
@Service
@Command(scope = "toolbox", name = "nodes", description = "List the nodes sharing the database: state, heartbeat, load")
public class NodesCommand implements Action {

    @Reference
    WorkflowEngine workflows;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Node");
        table.column("State");
        table.column("Heartbeat");
        table.column("Runs");
        table.column("Workers");
        table.column("Address");
        table.column("Started");
        int stale = 0;
        for (NodeView node : workflows.nodes()) {
            stale += node.state().equals("stale") ? 1 : 0;
            table.addRow().addContent(node.id() + (node.self() ? " (this node)" : ""), node.state(),
                    node.heartbeatAgeMillis() / 1000.0 + " s ago", node.runningRuns(),
                    node.busyWorkers() + " busy of " + node.workerThreads(), node.address(), node.startedAt());
        }
        table.print(System.out);
        if (stale > 0) {
            System.out.println(stale + (stale == 1 ? " node has" : " nodes have") + " stopped heartbeating: "
                    + "its runs go on at the other nodes. Restart it, or it leaves this list after a day.");
        }
        return null;
    }
}
