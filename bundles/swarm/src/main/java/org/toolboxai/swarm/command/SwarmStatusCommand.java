package org.toolboxai.swarm.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.swarm.internal.SwarmService;

/** {@code toolbox:swarm-status}: the swarm's configuration, pool and counts, and its latest work. */
@Service
@Command(scope = "toolbox", name = "swarm-status", description = "Show the swarm: solvers, reviewers, pool, what it verified and decided")
public class SwarmStatusCommand implements Action {

    @Reference
    SwarmService swarm;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Setting");
        table.column("Value");
        for (Map.Entry<String, Object> e : swarm.status().entrySet()) {
            table.addRow().addContent(e.getKey(), e.getValue());
        }
        table.print(System.out);
        System.out.println("Latest:");
        swarm.recent().forEach(line -> System.out.println("  " + line));
        return null;
    }
}
