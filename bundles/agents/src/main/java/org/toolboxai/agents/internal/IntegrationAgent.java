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
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.swarm.Verification;
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
        // a course's lessons are packages of their own: their ids (and the Roblox progress store named after them) differ
        String id = context.config().get("instance") instanceof Number n ? context.runId() + "-lesson" + n.intValue() : context.runId();
        ContentPackage pkg = assemble(id, brief, upstream, checker, dictionary);
        Object outline = upstream.outputs().get(CourseOutlineAgent.OUTPUT);
        if (outline == null) {
            return StepResult.of(Map.of("package", Json.map(pkg)));
        }
        // a course's lesson hands the outline (and what its checks still found) on to the course's later steps
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("package", Json.map(pkg));
        out.put(CourseOutlineAgent.OUTPUT, outline);
        out.put(CourseOutlineAgent.FINDINGS, upstream.outputs().getOrDefault(CourseOutlineAgent.FINDINGS, List.of()));
        return StepResult.of(out);
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
        Verification verification = verification(upstream);
        ContentPackage made = new ContentPackage(id, lesson, environment, quiz, scripts, null, provenance(upstream.provenance()),
                verification);
        return new ContentPackage(id, lesson, environment, quiz, scripts, PackageChecks.check(made, brief, checker, dictionary),
                made.provenance(), verification);
    }

    /** The quiz step's verification with the consensus decisions of every step. */
    static Verification verification(Upstream upstream) {
        Verification v = upstream.verification();
        if (v == null) {
            v = Verification.notVerified(upstream.quiz() == null ? "No quiz was asked for." : QuizAgent.SWARM_ABSENT);
        }
        for (Verification.Decision d : upstream.decisions()) {
            v = v.with(d);
        }
        return v;
    }

    static Provenance provenance(List<Provenance.StepProvenance> steps) {
        long in = steps.stream().mapToLong(Provenance.StepProvenance::tokensIn).sum();
        long out = steps.stream().mapToLong(Provenance.StepProvenance::tokensOut).sum();
        String generator = steps.stream().map(Provenance.StepProvenance::provider).distinct().reduce((a, b) -> a + "+" + b).orElse("none");
        String model = steps.stream().map(Provenance.StepProvenance::model).distinct().reduce((a, b) -> a + "+" + b).orElse("none");
        return new Provenance(generator, model, in, out, steps);
    }
}
