package org.toolboxai.coordinator.workflow.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/** Shows one run with its steps. */
@Service
@Command(scope = "toolbox", name = "workflow-show", description = "Show a workflow run and its steps")
public class WorkflowShowCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "id", description = "run id", required = true)
    String id;

    @Override
    public Object execute() {
        WorkflowRun run = workflows.find(id).orElseThrow(() -> new IllegalArgumentException("No workflow run " + id + "."));
        System.out.println("Run " + run.id() + "  template " + run.template() + "  owner " + run.owner());
        System.out.println("State " + run.state() + "  progress " + run.progress() + "%"
                + (run.etaSeconds() == null ? "" : "  ETA " + run.etaSeconds() + " s")
                + (run.waitingFor().isEmpty() ? "" : "  waiting for a handler of type " + String.join(", ", run.waitingFor())));
        if (run.error() != null) {
            System.out.println("Error " + run.error());
        }
        if (run.failure() != null) {
            System.out.println("Failure " + run.failure().kind() + " in step " + run.failure().stepId() + " after "
                    + run.failure().attempts() + " attempt(s)" + (run.failure().retryAfterSeconds() == null ? ""
                            : ", the service asked to wait " + run.failure().retryAfterSeconds() + " s"));
        }
        ShellTable table = new ShellTable();
        table.column("Step");
        table.column("Type");
        table.column("State");
        table.column("Attempts");
        table.column("Failure");
        table.column("Error").maxSize(60);
        for (StepView step : run.steps()) {
            table.addRow().addContent(step.id(), step.type(), step.state(), step.attempt(),
                    step.failure() == null ? "" : step.failure().kind(), step.error() == null ? "" : step.error());
        }
        table.print(System.out);
        return null;
    }
}
