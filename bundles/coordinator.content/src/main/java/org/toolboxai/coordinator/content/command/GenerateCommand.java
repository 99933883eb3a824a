package org.toolboxai.coordinator.content.command;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.coordinator.content.internal.ContentRequest;

/** Generates a lesson package from the shell, through the content service as {@code POST /api/v1/content}. */
@Service
@Command(scope = "toolbox", name = "generate", description = "Generate a lesson package (as POST /api/v1/content)")
public class GenerateCommand implements Action {

    @Reference
    ContentService content;

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
        ContentJob job;
        try {
            job = content.request(new ContentRequest(subject, grade, objectives, environment, minutes, !noQuiz,
                    new ContentRequest.QuizOptions(questions, null, null), null, preset, null).parse(), "shell");
            if (!job.state().isFinal()) {
                job = content.await(job.id(), Duration.ofSeconds(wait)).toCompletableFuture().get();
            }
        } catch (WorkflowException e) {
            throw new IllegalArgumentException(refusal(e));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof WorkflowException w ? new IllegalArgumentException(refusal(w)) : e;
        }
        System.out.println("Content " + job.id() + ": " + job.state() + (job.fromCache() ? " (from the cache)" : ""));
        if (job.state() != RunState.COMPLETED) {
            if (job.state().isFinal()) {
                throw new IllegalStateException("Generation " + job.state() + (job.error() == null ? "" : ": " + job.error()));
            }
            System.out.println("Still running; follow it with toolbox:workflow-show " + job.id());
            return null;
        }
        ContentPackage pkg = job.contentPackage();
        System.out.println("Lesson     " + pkg.lessonPlan().title());
        System.out.println("Objectives " + pkg.lessonPlan().objectives().size() + ", stations " + pkg.environment().stations().size()
                + ", questions " + (pkg.quiz() == null ? 0 : pkg.quiz().questions().size()) + ", scripts " + pkg.scripts().size());
        System.out.println("Quality    " + (pkg.quality().passed() ? "passed" : "FAILED") + ", reading grade " + pkg.quality().readingGrade());
        for (QualityReport.Finding f : pkg.quality().findings()) {
            System.out.println("  " + f.severity() + " " + f.check() + " " + f.part() + ": " + f.message());
        }
        System.out.println("Generator  " + pkg.provenance().generator() + " (" + pkg.provenance().model() + "), tokens "
                + pkg.provenance().tokensIn() + " in / " + pkg.provenance().tokensOut() + " out");
        System.out.println("Exports    /api/v1/content/" + job.id() + "/export/rojo.zip");
        System.out.println("           /api/v1/content/" + job.id() + "/export/place.rbxlx");
        return null;
    }

    private static String refusal(WorkflowException e) {
        return e.errors().isEmpty() ? e.getMessage()
                : "Invalid request: " + e.errors().stream().map(f -> f.field() + " " + f.message()).toList();
    }
}
