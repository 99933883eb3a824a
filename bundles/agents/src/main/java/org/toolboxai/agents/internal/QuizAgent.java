package org.toolboxai.agents.internal;

import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.content.Quiz;
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

    @Override
    public StepResult execute(StepContext context) throws Exception {
        if (!ContentBrief.forStep(context).includeQuiz()) {
            return StepResult.of(Upstream.of(context.inputs()).outputs());
        }
        return super.execute(context);
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
