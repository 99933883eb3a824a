package org.toolboxai.coordinator.main.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.component.ComponentInfo;
import org.toolboxai.api.component.ComponentRegistry;

/** Lists the installed toolbox bundles. */
@Service
@Command(scope = "toolbox", name = "components", description = "List installed toolbox bundles and their services")
public class ComponentsCommand implements Action {

    @Reference
    ComponentRegistry registry;

    @Option(name = "--services", aliases = "-s", description = "also list the services each bundle provides")
    boolean services;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Bundle");
        table.column("Version");
        table.column("State");
        if (services) {
            table.column("Services");
        }
        for (ComponentInfo c : registry.components()) {
            var row = table.addRow();
            row.addContent(c.bundleId(), c.symbolicName(), c.version(), c.state());
            if (services) {
                row.addContent(String.join(", ", c.services()));
            }
        }
        table.print(System.out);
        return null;
    }
}
