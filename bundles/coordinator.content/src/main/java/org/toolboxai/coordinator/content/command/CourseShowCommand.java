package org.toolboxai.coordinator.content.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.workflow.WorkflowService;
import org.toolboxai.coordinator.content.internal.CourseEndpoint;

/** {@code toolbox:course-show ID}: a course's state, each lesson's progress, and when done its checks. */
@Service
@Command(scope = "toolbox", name = "course-show", description = "Show a course: progress per lesson, and its checks when done")
public class CourseShowCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Argument(index = 0, name = "id", required = true, description = "the course id")
    String id;

    @Override
    public Object execute() {
        CourseEndpoint.CourseView view = CourseEndpoint.view(workflows.find(id).filter(r -> r.template().equals(CourseEndpoint.TEMPLATE))
                .orElseThrow(() -> new IllegalArgumentException("No course " + id + ".")));
        System.out.printf("Course %s: %s (%.0f%%)%n", view.id(), view.state(), view.progress());
        ShellTable table = new ShellTable();
        table.column("Lesson");
        table.column("State");
        table.column("Steps");
        table.column("Failure").maxSize(80);
        view.lessons().forEach(l -> table.addRow().addContent(l.number(), l.state(), l.stepsDone() + "/" + l.steps(),
                l.failure() == null ? "" : l.failure()));
        table.print(System.out);
        if (view.course() != null) {
            System.out.println("Title: " + view.course().get("title") + ", " + view.course().get("minutes") + " minutes");
            if (view.course().get("quality") instanceof Map<?, ?> quality) {
                System.out.println("Course checks: " + (Boolean.TRUE.equals(quality.get("passed")) ? "passed" : "FAILED " + quality.get("findings")));
            }
        }
        return null;
    }
}
