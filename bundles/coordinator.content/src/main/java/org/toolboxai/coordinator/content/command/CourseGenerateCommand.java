package org.toolboxai.coordinator.content.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;
import org.toolboxai.coordinator.content.internal.CourseEndpoint;

/** {@code toolbox:course-generate}: starts a course, as {@code POST /api/v1/courses}; prints its id. */
@Service
@Command(scope = "toolbox", name = "course-generate", description = "Make a course (as POST /api/v1/courses); prints its id")
public class CourseGenerateCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Option(name = "--subject", aliases = "-s", required = true, description = "e.g. Mathematics")
    String subject;

    @Option(name = "--grade", aliases = "-g", required = true, description = "0-13 (13: university)")
    int grade;

    @Option(name = "--objective", aliases = "-o", required = true, multiValued = true, description = "a learning objective (repeat)")
    List<String> objectives;

    @Option(name = "--lessons", aliases = "-n", description = "lessons, 1-20 (default 4)")
    int lessons = 4;

    @Option(name = "--minutes", aliases = "-m", description = "minutes per lesson, 5-180 (default 45)")
    int minutes = 45;

    @Override
    public Object execute() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("subject", subject);
        parameters.put("grade_level", grade);
        parameters.put("learning_objectives", objectives);
        parameters.put("lesson_count", lessons);
        parameters.put("duration_minutes", minutes);
        List<FieldError> problems = workflows.check(CourseEndpoint.TEMPLATE, parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList()));
        }
        WorkflowRun run = workflows.create(CourseEndpoint.TEMPLATE, parameters, "shell");
        System.out.println("Course " + run.id() + " started: " + lessons + " lessons; toolbox:course-show " + run.id());
        return null;
    }
}
