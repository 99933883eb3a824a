package org.toolboxai.agents.command;

import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.agents.internal.ModelProviders;
import org.toolboxai.api.model.ChatModelProvider;

/** Lists the installed model providers and which one the agents use. */
@Service
@Command(scope = "toolbox", name = "providers", description = "List model providers and the active one")
public class ProvidersCommand implements Action {

    @Reference
    ModelProviders providers;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Provider");
        table.column("Model");
        table.column("Active");
        Map<String, ChatModelProvider> installed = new TreeMap<>(providers.installed());
        installed.forEach((name, p) -> table.addRow().addContent(name, p.model(), name.equals(providers.activeName()) ? "yes" : ""));
        table.print(System.out);
        if (!installed.containsKey(providers.activeName())) {
            throw new IllegalStateException("The configured provider '" + providers.activeName() + "' is not installed.");
        }
        return null;
    }
}
