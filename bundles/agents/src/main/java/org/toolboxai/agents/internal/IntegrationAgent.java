package org.toolboxai.agents.internal;

import java.util.List;
import java.util.Map;


import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code agent.review}: integration and QA. Assembles the package from the earlier steps and runs
 * every deterministic check on it, whatever provider made the parts; what fails is reported in the
 * package's quality report, never silently passed.
 */
@Component(service = StepHandler.class)
public class IntegrationAgent implements StepHandler {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile org.toolboxai.api.content.ScriptChecker checker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile org.toolboxai.api.dictionary.Dictionary dictionary;

    @Override
    public String type() {
        return "agent.review";
    }

    @Override
    public StepResult execute(StepContext context) {
        ContentBrief brief = ContentBrief.forStep(context);
        Upstream upstream = Upstream.of(context.inputs());
        ContentPackage pkg = assemble(context.runId(), brief, upstream, checker, dictionary);
        Object outline = upstream.outputs().get(CourseOutlineAgent.OUTPUT);
        // a course's lesson hands the outline on, so that the course's later steps can map its objectives back
        return StepResult.of(outline == null ? Map.of("package", Json.map(pkg))
                : Map.of("package", Json.map(pkg), CourseOutlineAgent.OUTPUT, outline));
    }

    static ContentPackage assemble(String id, ContentBrief brief, Upstream upstream,
            org.toolboxai.api.content.ScriptChecker checker, org.toolboxai.api.dictionary.Dictionary dictionary) {
        LessonPlan lesson = upstream.lessonPlan();
        EnvironmentPlan environment = upstream.environment();
        Quiz quiz = upstream.quiz();
        List<LuauScript> scripts = upstream.scripts();
        if (lesson == null || environment == null) {
            throw new IllegalStateException("integration needs the lesson plan and the environment from earlier steps");
        }
        ContentPackage made = new ContentPackage(id, lesson, environment, quiz, scripts, null, provenance(upstream.provenance()));
        return new ContentPackage(id, lesson, environment, quiz, scripts, PackageChecks.check(made, brief, checker, dictionary),
                made.provenance());
    }

    static Provenance provenance(List<Provenance.StepProvenance> steps) {
        long in = steps.stream().mapToLong(Provenance.StepProvenance::tokensIn).sum();
        long out = steps.stream().mapToLong(Provenance.StepProvenance::tokensOut).sum();
        String generator = steps.stream().map(Provenance.StepProvenance::provider).distinct().reduce((a, b) -> a + "+" + b).orElse("none");
        String model = steps.stream().map(Provenance.StepProvenance::model).distinct().reduce((a, b) -> a + "+" + b).orElse("none");
        return new Provenance(generator, model, in, out, steps);
    }
}
