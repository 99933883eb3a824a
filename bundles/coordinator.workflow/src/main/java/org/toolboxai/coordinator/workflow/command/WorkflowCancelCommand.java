package org.toolboxai.coordinator.workflow.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/** Cancels a run; its running steps are asked to stop. */
@Service
@Command(scope = "toolbox", name = "workflow-cancel", description = "Cancel a workflow run")
public class WorkflowCancelCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "id", description = "run id", required = true)
    String id;

    @Override
    public Object execute() {
        WorkflowRun run = workflows.cancel(id);
        System.out.println("Run " + run.id() + " is " + run.state() + ".");
        return null;
    }
}
