package org.toolboxai.agents.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code agent.feedback}: the feedback a student reads after answering each question of the
 * levels: what a right answer shows, and for a wrong one the reasoning (the question's checked
 * explanation) and the objective to revisit. Built from the checked questions themselves, with no
 * model call, so it can say nothing the quality checks did not see. Output {@code feedback}: by
 * {@code <level>/<question id>}, {@code correct} and {@code incorrect}.
 */
@Component(service = StepHandler.class)
public class FeedbackAgent implements StepHandler {

    static final String TYPE = "agent.feedback";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        Upstream upstream = Upstream.of(context.inputs());
        if (!(upstream.outputs().get("levels") instanceof List<?> levels)) {
            throw FailureException.invalidOutput("the question generation handed over no levels");
        }
        Map<String, String> objectives = new LinkedHashMap<>();
        if (upstream.outputs().get("objectives") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    objectives.put(String.valueOf(m.get("id")), String.valueOf(m.get("text")));
                }
            }
        }
        Map<String, Object> feedback = new LinkedHashMap<>();
        for (Object each : levels) {
            Map<?, ?> level = (Map<?, ?>) each;
            Map<?, ?> quiz = (Map<?, ?>) level.get("quiz");
            for (Object q : quiz.get("questions") instanceof List<?> questions ? questions : List.of()) {
                Map<?, ?> question = (Map<?, ?>) q;
                String explanation = question.get("explanation") == null ? "" : question.get("explanation").toString().trim();
                String objective = objectives.getOrDefault(String.valueOf(question.get("objective_id")), null);
                String right = "Right." + (explanation.isEmpty() ? "" : " " + explanation);
                String wrong = "Not quite." + (explanation.isEmpty() ? "" : " " + explanation)
                        + (objective == null ? "" : " Revisit: " + objective + ".");
                feedback.put(level.get("level") + "/" + question.get("id"), Map.of("correct", right, "incorrect", wrong));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(upstream.outputs());
        out.put("feedback", feedback);
        return StepResult.of(out);
    }
}
