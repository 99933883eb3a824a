package org.toolboxai.coordinator.workflow.command;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.workflow.RunPage;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.RunSummary;
import org.toolboxai.api.workflow.WorkflowService;

/** Lists workflow runs, newest first. */
@Service
@Command(scope = "toolbox", name = "workflow-list", description = "List workflow runs, newest first")
public class WorkflowListCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Option(name = "--state", aliases = "-s", description = "QUEUED, RUNNING, PAUSED, COMPLETED, FAILED or CANCELLED")
    @Completion(RunStateCompleter.class)
    String state;

    @Option(name = "--template", aliases = "-t", description = "only runs of this template")
    String template;

    @Option(name = "--limit", aliases = "-n", description = "at most this many (1-200)")
    int limit = 50;

    @Override
    public Object execute() {
        RunState parsed = state == null ? null : parse(state);
        RunPage page = workflows.list(new RunQuery(null, parsed, template, 0, limit));
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Template");
        table.column("Owner");
        table.column("State");
        table.column("Created");
        for (RunSummary run : page.runs()) {
            table.addRow().addContent(run.id(), run.template(), run.owner(), run.state(), run.createdAt());
        }
        table.print(System.out);
        System.out.println(page.runs().size() + " of " + page.total() + (page.total() == 1 ? " run" : " runs"));
        return null;
    }

    /** A state in any case; anything else fails the command (non-zero exit in batch mode) naming the states. */
    static RunState parse(String state) {
        for (RunState candidate : RunState.values()) {
            if (candidate.name().equalsIgnoreCase(state.trim())) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unknown state '" + state + "'; use one of "
                + Arrays.stream(RunState.values()).map(RunState::name).collect(Collectors.joining(", ")) + ".");
    }
}
