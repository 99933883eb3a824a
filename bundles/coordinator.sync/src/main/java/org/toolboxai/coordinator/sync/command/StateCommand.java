package org.toolboxai.coordinator.sync.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.coordinator.sync.internal.StateEndpoint;
import org.toolboxai.coordinator.sync.internal.SyncCoordinator;

/** A shared document's current version: number, author, time, strategy, checksum and content. */
@Service
@Command(scope = "toolbox", name = "state", description = "Show a shared document's current version")
public class StateCommand implements Action {

    @Reference
    SyncCoordinator sync;

    @Argument(index = 0, name = "name", required = true, description = "the document's name")
    String name;

    @Override
    public Object execute() throws Exception {
        StateEndpoint.StateView view = sync.current(name).orElseThrow(() -> new IllegalArgumentException("There is no document named "
                + name + "."));
        System.out.println(view.name() + " version " + view.version() + " by " + view.author() + " at " + view.updatedAt() + " ("
                + view.kind() + "), owner " + view.owner() + ", strategy " + view.strategy());
        System.out.println("sha-256 " + view.checksum());
        System.out.println(view.content().toPrettyString());
        return null;
    }
}
