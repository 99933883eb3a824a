package org.toolboxai.coordinator.content.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;
import org.toolboxai.coordinator.content.internal.ContentEndpoint;
import org.toolboxai.coordinator.content.internal.ContentRequest;

/** Generates a lesson package from the shell, with the same parameters and checks as {@code POST /api/v1/content}. */
@Service
@Command(scope = "toolbox", name = "generate", description = "Generate a lesson package (as POST /api/v1/content)")
public class GenerateCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Option(name = "--subject", aliases = "-s", required = true, description = "e.g. Mathematics")
    String subject;

    @Option(name = "--grade", aliases = "-g", description = "0-13 (13: university), K or university (or from --preset)")
    String grade;

    @Option(name = "--objective", aliases = "-o", required = true, multiValued = true, description = "a learning objective (repeat, 1-10)")
    List<String> objectives;

    @Option(name = "--environment", aliases = "-e", description = "interactive_classroom, laboratory, outdoor, space_station, museum, underwater")
    String environment;

    @Option(name = "--minutes", aliases = "-m", description = "lesson length, 5-180")
    Integer minutes;

    @Option(name = "--questions", aliases = "-q", description = "quiz length, 1-50")
    Integer questions;

    @Option(name = "--no-quiz", description = "no quiz")
    boolean noQuiz;

    @Option(name = "--preset", aliases = "-p", description = "elementary, middle_school, high_school or university")
    String preset;

    @Option(name = "--wait", aliases = "-w", description = "seconds to wait for the package (default 60)")
    int wait = 60;

    @Override
    public Object execute() throws Exception {
        ContentRequest request = new ContentRequest(subject, grade, objectives, environment, minutes, !noQuiz,
                new ContentRequest.QuizOptions(questions, null, null), null, preset, null);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> parameters = request.toParameters(errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid request: " + errors.stream().map(e -> e.field() + " " + e.message()).toList());
        }
        WorkflowRun run = ContentEndpoint.awaitFinal(workflows,
                workflows.create(ContentEndpoint.TEMPLATE, parameters, "shell"), wait);
        System.out.println("Content " + run.id() + ": " + run.state());
        if (run.state() != RunState.COMPLETED) {
            if (run.state().isFinal()) {
                throw new IllegalStateException("Generation " + run.state() + (run.error() == null ? "" : ": " + run.error()));
            }
            System.out.println("Still running; follow it with toolbox:workflow-show " + run.id());
            return null;
        }
        ContentPackage pkg = ContentEndpoint.contentPackage(run);
        System.out.println("Lesson     " + pkg.lessonPlan().title());
        System.out.println("Objectives " + pkg.lessonPlan().objectives().size() + ", stations " + pkg.environment().stations().size()
                + ", questions " + (pkg.quiz() == null ? 0 : pkg.quiz().questions().size()) + ", scripts " + pkg.scripts().size());
        System.out.println("Quality    " + (pkg.quality().passed() ? "passed" : "FAILED") + ", reading grade " + pkg.quality().readingGrade());
        for (QualityReport.Finding f : pkg.quality().findings()) {
            System.out.println("  " + f.severity() + " " + f.check() + " " + f.part() + ": " + f.message());
        }
        System.out.println("Generator  " + pkg.provenance().generator() + " (" + pkg.provenance().model() + "), tokens "
                + pkg.provenance().tokensIn() + " in / " + pkg.provenance().tokensOut() + " out");
        System.out.println("Exports    /api/v1/content/" + run.id() + "/export/rojo.zip");
        System.out.println("           /api/v1/content/" + run.id() + "/export/place.rbxlx");
        return null;
    }
}
