package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.model.LessonFacts;
import org.toolboxai.api.swarm.Swarm;
import org.toolboxai.api.swarm.SwarmTask;
import org.toolboxai.api.swarm.Verification;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/** {@code agent.quiz}: typed questions with an answer key that the checks can verify. */
@Component(service = StepHandler.class)
public class QuizAgent extends AgentStep<Quiz> {

    /** Uses the active model provider. */
    @Activate
    public QuizAgent(@Reference ModelProviders providers) {
        super(providers, "agent.quiz", "quiz", Upstream.QUIZ, new TypeReference<>() { });
    }

    /** What a package made without the swarm says about its keys. */
    static final String SWARM_ABSENT = "The answer keys were not verified by independent solvers: the swarm (feature "
            + "toolbox-swarm) is not installed. The quality checks recomputed the arithmetic keys only.";

    @Override
    public StepResult execute(StepContext context) throws Exception {
        ContentBrief brief = ContentBrief.forStep(context);
        if (!brief.includeQuiz()) {
            Map<String, Object> out = new java.util.LinkedHashMap<>(Upstream.of(context.inputs()).outputs());
            out.put(Upstream.VERIFICATION, Json.map(Verification.notVerified("No quiz was asked for.")));
            return StepResult.of(out);
        }
        Swarm swarm = providers().swarm().orElse(null);
        if (swarm != null && swarm.candidates(context.config()) > 1) {
            // candidates picked by consensus; their keys are verified by the quiz's own solvers below all the same
            return verified(context, swarm, super.execute(context));
        }
        Upstream upstream = Upstream.of(context.inputs());
        LessonFacts facts = new LessonFacts(brief.asRequest(), course(context.config()), upstream.lessonPlan(),
                upstream.environment(), upstream.quiz());
        Produced<Quiz> produced = produce(context, brief, upstream, facts);
        if (swarm == null) {
            Map<String, Object> out = upstream.with(Upstream.QUIZ, produced.value(), produced.provenance());
            out.put(Upstream.VERIFICATION, Json.map(Verification.notVerified(SWARM_ABSENT)));
            return StepResult.of(out);
        }
        SwarmTask task = swarmTask(context, facts);
        List<Produced<Quiz>> rounds = new ArrayList<>(List.of(produced));
        Verification verification = verify(swarm, produced.value(), task, null);
        // disputed keys: the quiz is made again with the solvers' answers as feedback, a bounded number of times; a
        // model failure meanwhile fails the step as any other would (its retry starts over)
        for (int round = 0; round < swarm.maxRegenerations() && flagged(verification); round++) {
            Produced<Quiz> again = produce(context, brief, upstream, facts, disputes(verification, produced.value()));
            rounds.add(again);
            Verification checked = verify(swarm, again.value(), task, verification);
            if (Verification.NOT_VERIFIED.equals(checked.status()) && checked.questions().isEmpty()) {
                // the swarm went meanwhile: the last verified version ships, with what its solvers said
                break;
            }
            produced = again;
            verification = checked;
        }
        Map<String, Object> out = upstream.with(Upstream.QUIZ, produced.value(), merged(context.stepId(), rounds));
        out.put(Upstream.VERIFICATION, Json.map(verification));
        return StepResult.of(out);
    }

    /** The swarm's verification, or why there is none when the swarm failed or was removed meanwhile. */
    private static Verification verify(Swarm swarm, Quiz quiz, SwarmTask task, Verification previous) throws InterruptedException {
        try {
            return swarm.verify(quiz, task, previous);
        } catch (RuntimeException e) {
            return Verification.notVerified("The answer keys were not verified: the swarm failed while verifying ("
                    + e.getMessage() + ").");
        }
    }

    /** A quiz chosen among candidates, then verified like any other (no regeneration: the consensus chose it). */
    private StepResult verified(StepContext context, Swarm swarm, StepResult chosen) throws Exception {
        Map<String, Object> out = new java.util.LinkedHashMap<>(chosen.output());
        Upstream made = Upstream.of(Map.of(context.stepId(), out));
        ContentBrief brief = ContentBrief.forStep(context);
        // the facts the solvers see hold no quiz: never its keys
        LessonFacts facts = new LessonFacts(brief.asRequest(), course(context.config()), made.lessonPlan(), made.environment(), null);
        Verification verification = verify(swarm, made.quiz(), swarmTask(context, facts), null);
        out.put(Upstream.VERIFICATION, Json.map(verification));
        return StepResult.of(out);
    }

    static boolean flagged(Verification v) {
        return v.questions().stream().anyMatch(q -> Verification.QuestionCheck.FLAGGED.equals(q.decision()));
    }

    /** What the next version of the quiz is told: each disputed question, its key and what the solvers answered. */
    static String disputes(Verification v, Quiz quiz) {
        Map<String, Quiz.Question> byId = new java.util.HashMap<>();
        quiz.questions().forEach(q -> byId.put(q.id(), q));
        StringBuilder text = new StringBuilder("Independent solvers, who did not see your answer keys, disagree with these "
                + "keys. For each, work the question out again: correct the key if it is wrong, or rewrite the question so "
                + "that it has exactly one right answer. Keep the other questions as they are.\n");
        v.questions().stream().filter(q -> Verification.QuestionCheck.FLAGGED.equals(q.decision())).forEach(q -> {
            Quiz.Question question = byId.get(q.questionId());
            text.append("- ").append(q.questionId()).append(question == null ? "" : " \"" + question.prompt() + "\"")
                    .append(": your key ").append(q.key()).append("; the solvers answered ");
            text.append(String.join(", ", q.solvers().stream().filter(a -> !a.answer().isEmpty())
                    .map(a -> a.answer() + " (" + a.solver() + ")").toList())).append('\n');
        });
        return text.append("Answer again with the complete corrected JSON only.").toString();
    }

    @Override
    String system(ContentBrief brief) {
        return "You are an assessment writer for " + AgentPrompts.learners(brief) + ", writing the quiz for the lesson "
                + "plan in the facts. Every objective of the plan gets at least one question (objective_id names it), and "
                + "each question checks what its objective says learners can do, with that objective's skill.\n"
                + "Ask at the grade's depth, not vocabulary recall: learners solve, apply, explain, compare, predict or find "
                + "the error in a worked answer; a question that only asks what a word means is not enough. In "
                + "mathematics a question computes something and the key is the exact result (fractions in lowest terms), "
                + "which the checks recompute. Wrong options are the answers of real misconceptions, and only one option "
                + "is right. No two questions ask the same thing. The explanation says why the key is right and what "
                + "the likeliest wrong answer gets wrong. Write at the learners' reading level and never cut text off "
                + "with '...'.\n"
                + "Types allowed: " + brief.questionTypes() + ". multiple_choice: distinct options, answer = [the one correct "
                + "option's text]; true_false: answer [\"true\"] or [\"false\"]; short_answer: answer [the expected text]; "
                + "fill_blank: the prompt contains ___ and answer is [the missing word]; matching: options and answer are "
                + "the same 'left => right' pairs; ordering: answer lists the options in the correct order. Points 1-10.\n"
                + "Answer with one JSON object only: {\"title\", \"questions\": [{\"id\": \"q1\", \"type\", \"objective_id\", "
                + "\"prompt\", \"options\": [...], \"answer\": [...], \"points\", \"explanation\"}]}.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Write " + brief.questionCount() + " " + brief.difficulty() + " questions for: " + brief.describe()
                + ". The lesson plan is in the facts.";
    }

    /** The question types the brief allows, as the only values of {@code type}. */
    @Override
    Map<String, Object> schema(ContentBrief brief) {
        Map<String, Object> schema = super.schema(brief);
        AnswerSchemas.at(schema, "questions", "type").put("enum", brief.questionTypes().stream().map(String::valueOf).toList());
        return schema;
    }

    /**
     * Everything a quiz alone can be judged on: the key against the options and against the
     * recomputed arithmetic, repeated questions, alignment with the objectives, text cut off.
     */
    @Override
    Findings validate(Quiz value, ContentBrief brief, Upstream upstream) {
        Findings f = QuizChecks.check(value, brief, upstream.lessonPlan());
        f.addAll(AnswerChecks.check(value, upstream.lessonPlan()));
        // the text checks read the plan too: only the quiz's own findings refuse a quiz
        TextChecks.check(upstream.lessonPlan(), value).list().stream()
                .filter(x -> x.fails() && x.part().startsWith(Upstream.QUIZ + "."))
                .forEach(x -> f.error(x.check(), x.part(), x.message()));
        return f;
    }
}
