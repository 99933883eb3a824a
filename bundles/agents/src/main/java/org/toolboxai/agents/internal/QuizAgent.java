package org.toolboxai.agents.internal;

import java.util.List;

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
        if (!ContentBrief.of(context.parameters()).includeQuiz()) {
            return StepResult.of(Upstream.of(context.inputs()).outputs());
        }
        return super.execute(context);
    }

    @Override
    String system(ContentBrief brief) {
        return "You are an assessment writer. Answer with one JSON object only: {\"title\", \"questions\": [{\"id\": \"q1\", "
                + "\"type\", \"objective_id\", \"prompt\", \"options\": [...], \"answer\": [...], \"points\": 1-10, "
                + "\"explanation\"}]}. Types: " + brief.questionTypes() + ". multiple_choice: distinct options, answer = "
                + "[the one correct option's text]; true_false: answer [\"true\"] or [\"false\"]; fill_blank: the prompt "
                + "contains ___; matching: options and answer are the same 'left => right' pairs; ordering: answer lists "
                + "the options in the correct order. Every objective gets a question.";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Write " + brief.questionCount() + " " + brief.difficulty() + " questions for: " + brief.describe()
                + ". The lesson plan is in the facts.";
    }

    @Override
    List<String> validate(Quiz value, ContentBrief brief, Upstream upstream) {
        return QuizChecks.check(value, brief, upstream.lessonPlan()).errors();
    }
}
