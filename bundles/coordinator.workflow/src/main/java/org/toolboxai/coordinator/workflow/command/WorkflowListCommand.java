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
import org.toolboxai.coordinator.workflow.internal.SchedulerLoad;
import org.toolboxai.coordinator.workflow.internal.WorkflowEngine;

/** Lists workflow runs, newest first, under a line on the scheduler's load: runs, busy and stuck workers. */
@Service
@Command(scope = "toolbox", name = "workflow-list", description = "List workflow runs, newest first, and the scheduler's load")
public class WorkflowListCommand implements Action {

    /** How long the scheduler's loop may take to say its load before the line says so. */
    private static final long LOAD_ANSWER_MILLIS = 2000;

    @Reference
    WorkflowEngine workflows;

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
        System.out.println(workflows.load(LOAD_ANSWER_MILLIS).map(WorkflowListCommand::status)
                .orElse("Scheduler: no answer within " + LOAD_ANSWER_MILLIS + " ms (stopped, or busy with a slow commit)"));
        return null;
    }

    private static String status(SchedulerLoad load) {
        StringBuilder line = new StringBuilder("Scheduler: ").append(load.running()).append(" running (at most ")
                .append(load.maxRunning()).append("), ").append(load.queued()).append(" queued, ").append(load.paused())
                .append(" paused; workers ").append(load.busyWorkers()).append(" busy of ").append(load.workers())
                .append(", ").append(load.stuckWorkers()).append(" stuck");
        for (SchedulerLoad.StuckStep stuck : load.stuck()) {
            line.append(System.lineSeparator()).append("Stuck: ").append(stuck.describe());
        }
        return line.toString();
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
