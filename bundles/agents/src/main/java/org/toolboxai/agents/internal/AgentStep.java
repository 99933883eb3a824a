package org.toolboxai.agents.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.toolboxai.api.content.Provenance;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Severity;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.model.ResponseSchema;
import org.toolboxai.api.swarm.Choice;
import org.toolboxai.api.swarm.Swarm;
import org.toolboxai.api.swarm.SwarmTask;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * One content agent as a workflow step: asks the active model provider for a structured answer,
 * parses it into the API record, checks it, and asks again with the findings as feedback while
 * it fails (up to the configured attempts). It reads what earlier steps produced as records
 * ({@link Upstream}), and carries it forward in its output, so later steps and the final package
 * have everything.
 *
 * @param <T> the record the agent produces
 */
abstract class AgentStep<T> implements StepHandler {

    /** The check name of an answer that could not be read as the JSON asked for. */
    static final String INVALID_JSON = "invalid_json";

    private final ModelProviders providers;
    private final String stepType;
    private final String task;
    private final String outputKey;
    private final TypeReference<T> shape;

    AgentStep(ModelProviders providers, String stepType, String task, String outputKey, TypeReference<T> shape) {
        this.providers = providers;
        this.stepType = stepType;
        this.task = task;
        this.outputKey = outputKey;
        this.shape = shape;
    }

    @Override
    public String type() {
        return stepType;
    }

    /** The system prompt: the role, what good content is, and the JSON shape to answer with. */
    abstract String system(ContentBrief brief);

    /** The user prompt. */
    abstract String prompt(ContentBrief brief, Upstream upstream);

    /** The findings on an answer; its errors refuse it and are fed back to the model. */
    abstract Findings validate(T value, ContentBrief brief, Upstream upstream);

    /** The findings on an answer, for an agent that needs the facts too (a course's size ...). */
    Findings validate(T value, ContentBrief brief, Upstream upstream, LessonFacts facts) {
        return validate(value, brief, upstream);
    }

    /**
     * The JSON Schema of the answer, for providers whose server holds the model to one (structured
     * output): derived from the record the answer is parsed into; an agent may narrow it for the brief.
     */
    Map<String, Object> schema(ContentBrief brief) {
        return AnswerSchemas.schema(shape.getType());
    }

    /** At most this many findings go back to the model: more drown the prompt. */
    static final int MAX_FEEDBACK = 20;

    /**
     * What the next attempt is told: one line per finding, {@code - check, part: message}, so the
     * model knows which check refused what.
     */
    static String feedback(List<QualityReport.Finding> errors) {
        StringBuilder text = new StringBuilder("Your previous answer was refused by the quality checks. Fix every finding "
                + "(check, part: problem):\n");
        errors.stream().limit(MAX_FEEDBACK).forEach(f -> text.append("- ").append(f.check()).append(", ").append(f.part())
                .append(": ").append(f.message()).append('\n'));
        if (errors.size() > MAX_FEEDBACK) {
            text.append("- and ").append(errors.size() - MAX_FEEDBACK).append(" more of the same kinds\n");
        }
        return text.append("Answer again with the complete corrected JSON only.").toString();
    }

    /**
     * The facts as the model reads them beside the prompt: the task, the teacher's request with its
     * defaults, the lesson's place in a course and the earlier steps' results, as JSON.
     */
    static String factsJson(String task, LessonFacts facts) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("task", task);
        shown.putAll(Json.map(facts));
        return Json.text(shown);
    }

    /** The lesson's place in a course, from the step's configuration (a course template sets it), or null. */
    static LessonFacts.CoursePlace course(Map<String, Object> config) {
        if (!(config.get("instance") instanceof Number instance)) {
            return null;
        }
        int instances = config.get("instances") instanceof Number n ? n.intValue() : instance.intValue();
        int rank = config.get("difficulty_rank") instanceof Number r ? r.intValue() : 0;
        return new LessonFacts.CoursePlace(instance.intValue(), instances, rank);
    }

    /**
     * What one generation produced: the value, its provenance, and the findings that still fail
     * when the attempts ran out (empty when it passed the checks).
     */
    record Produced<T>(T value, Provenance.StepProvenance provenance, List<QualityReport.Finding> failing) {
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        ContentBrief brief = ContentBrief.forStep(context);
        Upstream upstream = Upstream.of(context.inputs());
        LessonFacts facts = new LessonFacts(brief.asRequest(), course(context.config()), upstream.lessonPlan(),
                upstream.environment(), upstream.quiz());
        Swarm swarm = providers.swarm().orElse(null);
        int candidates = swarm == null ? 0 : swarm.candidates(context.config());
        if (candidates < 2) {
            Produced<T> produced = produce(context, brief, upstream, facts);
            return StepResult.of(upstream.with(outputKey, produced.value(), produced.provenance()));
        }
        // marked for candidates: the swarm has them made in parallel, scored by its reviewers and picked by consensus
        Map<Integer, Produced<T>> made = new java.util.concurrent.ConcurrentHashMap<>();
        Choice choice;
        try {
            choice = swarm.choose(swarmTask(context, facts), context.config(), (index, why) -> {
                Produced<T> one = produce(context, brief, upstream, facts, candidateNote(index, why));
                made.put(index, one);
                return Json.text(one.value());
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the swarm cannot take the work (its queue is full, it is stopping, the package's calls are used up): alone
            Produced<T> produced = produce(context, brief, upstream, facts);
            return StepResult.of(upstream.with(outputKey, produced.value(), produced.provenance()));
        }
        Produced<T> chosen = made.get(choice.index());
        Map<String, Object> out = upstream.with(outputKey, chosen.value(), merged(context.stepId(), made.values()));
        return StepResult.of(Upstream.withDecision(out, choice.decision()));
    }

    /** What one of several candidates is told, so that each is made independently (and a seeded generator varies). */
    static String candidateNote(int index, String why) {
        String note = "You are one of several writers making independent candidates for this answer; reviewers will pick "
                + "one. This is candidate " + (index + 1) + ".";
        return why == null ? note : note + " " + why;
    }

    /** The swarm's view of this step. */
    SwarmTask swarmTask(StepContext context, LessonFacts facts) {
        String packageId = context.config().get("instance") instanceof Number n ? context.runId() + "-lesson" + n.intValue()
                : context.runId();
        Object mark = context.config().get("swarm");
        int priority = mark instanceof Map<?, ?> m && m.get("priority") instanceof Number p ? p.intValue() : 3;
        CallContext call = new CallContext("swarm", task, providers.activeName(), context.owner(), context.runId(),
                context.stepId(), null);
        return new SwarmTask(packageId, context.runId(), context.stepId(), context.owner(), priority, task, facts,
                providers.access(call));
    }

    ModelProviders providers() {
        return providers;
    }

    /** One provenance for the step from all it made (every candidate's or every round's tokens and attempts). */
    static Provenance.StepProvenance merged(String step, java.util.Collection<? extends Produced<?>> made) {
        List<Provenance.StepProvenance> all = made.stream().map(Produced::provenance).toList();
        Provenance.StepProvenance first = all.get(0);
        return new Provenance.StepProvenance(step, first.provider(), first.model(),
                all.stream().mapToLong(Provenance.StepProvenance::tokensIn).sum(),
                all.stream().mapToLong(Provenance.StepProvenance::tokensOut).sum(),
                all.stream().mapToLong(Provenance.StepProvenance::millis).max().orElse(0),
                all.stream().mapToInt(Provenance.StepProvenance::attempts).sum(),
                all.stream().flatMap(p -> p.limitations().stream()).distinct().toList(),
                all.stream().flatMap(p -> p.recoveries().stream()).toList());
    }

    /**
     * Asks the active provider (and its fallbacks) for the value, checks it, and asks again with the
     * findings until it passes or the attempts run out; the last readable answer then goes on with
     * its findings for the final quality report.
     */
    Produced<T> produce(StepContext context, ContentBrief brief, Upstream upstream, LessonFacts facts) throws Exception {
        return produce(context, brief, upstream, facts, null);
    }

    /**
     * The same, the first attempt told {@code firstFeedback} (why an earlier version was not taken: the
     * swarm's solvers disputed its keys, or the reviewers did not agree), or nothing when null.
     */
    Produced<T> produce(StepContext context, ContentBrief brief, Upstream upstream, LessonFacts facts, String firstFeedback)
            throws Exception {
        String prompt = prompt(brief, upstream) + "\n\nFacts (JSON): " + factsJson(task, facts);
        ResponseSchema responseSchema = AnswerSchemas.of(outputKey, schema(brief));
        ChatModelProvider provider = providers.active();
        CallContext call = new CallContext("agents", task, provider.name(), context.owner(), context.runId(), context.stepId(), null);
        long started = System.nanoTime();
        long tokensIn = 0;
        long tokensOut = 0;
        String model = provider.model();
        String served = provider.name();
        List<String> recoveries = new java.util.ArrayList<>();
        String feedback = firstFeedback;
        List<QualityReport.Finding> problems = List.of();
        T lastParsed = null;
        List<String> limitations = List.of();
        int attempts = 0;
        while (attempts < providers.maxAttempts()) {
            if (context.cancelled()) {
                throw new InterruptedException("cancelled");
            }
            attempts++;
            ModelReply reply;
            try {
                ModelProviders.Served answer = providers.complete(call, new ModelRequest(task, system(brief), prompt, facts, feedback,
                        responseSchema));
                reply = answer.reply();
                recoveries.addAll(answer.recoveries());
                if (!answer.provider().equals(served)) {
                    served = answer.provider();
                    model = null;
                }
            } catch (ModelException e) {
                // the kind decides: a 401 fails the step at once, a 429 waits its retry-after
                throw new FailureException(e.failure().prefixed("model provider " + provider.name() + ": "), e);
            }
            tokensIn += reply.tokensIn();
            tokensOut += reply.tokensOut();
            model = reply.model() == null ? (model == null ? served : model) : reply.model();
            try {
                T value = Json.parse(reply.text(), shape);
                lastParsed = value;
                limitations = reply.limitations();
                problems = validate(value, brief, upstream, facts).list().stream().filter(QualityReport.Finding::fails).toList();
                if (problems.isEmpty()) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    return new Produced<>(value, new Provenance.StepProvenance(context.stepId(),
                            served, model, tokensIn, tokensOut, millis, attempts, limitations, recoveries), List.of());
                }
            } catch (Json.InvalidOutput e) {
                problems = List.of(new QualityReport.Finding(INVALID_JSON, Severity.ERROR, "answer",
                        e.getMessage()));
            }
            feedback = firstFeedback == null ? feedback(problems) : feedback(problems) + "\n" + firstFeedback;
        }
        if (lastParsed != null) {
            // out of attempts: the last readable answer goes on, and the final quality report lists what
            // is still wrong with it, so nothing fails silently and the teacher sees the findings
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Produced<>(lastParsed, new Provenance.StepProvenance(context.stepId(),
                    served, model, tokensIn, tokensOut, millis, attempts, limitations, recoveries), problems);
        }
        throw FailureException.invalidOutput(task + ": no answer could be read after " + Findings.count(attempts, "attempt") + ": "
                + String.join("; ", problems.stream().limit(5).map(QualityReport.Finding::message).toList()));
    }
}
