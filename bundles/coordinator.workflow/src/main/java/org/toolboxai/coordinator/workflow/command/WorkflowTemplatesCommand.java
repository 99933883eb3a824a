package org.toolboxai.coordinator.workflow.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.workflow.TemplateInfo;
import org.toolboxai.coordinator.workflow.internal.WorkflowEngine;

/** Lists loaded templates and the ones rejected at load, with why. */
@Service
@Command(scope = "toolbox", name = "workflow-templates", description = "List workflow templates (and rejected ones)")
public class WorkflowTemplatesCommand implements Action {

    @Reference
    WorkflowEngine engine;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Template");
        table.column("Steps");
        table.column("Parameters").maxSize(50);
        table.column("Source").maxSize(50);
        for (TemplateInfo t : engine.templates()) {
            table.addRow().addContent(t.name(), t.steps().size(), String.join(", ", t.parameters().keySet()), t.source());
        }
        table.print(System.out);
        for (String problem : engine.templateProblems()) {
            System.out.println("REJECTED " + problem);
        }
        if (!engine.waitingTypes().isEmpty()) {
            System.out.println("Runs wait for handlers of type: " + String.join(", ", engine.waitingTypes()));
        }
        return null;
    }
}
