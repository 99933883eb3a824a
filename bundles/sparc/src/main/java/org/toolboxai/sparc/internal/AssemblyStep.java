package org.toolboxai.sparc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code sparc.assembly} (assessment assembly): the checked questions of every level become items
 * of the subject's bank, each with its band's difficulty, discrimination 1 and the guessing floor
 * of its type, and its feedback; written in the step's completion transaction, so a step run again
 * after a crash adds nothing twice. A question a student could not answer (a multiple-choice key
 * that is not an option ...) is skipped and listed. Output: the bank, the items, the skipped
 * questions, and how to start a session.
 */
@Component(service = StepHandler.class)
public class AssemblyStep implements StepHandler {

    static final String TYPE = "sparc.assembly";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        Map<String, Object> merged = new LinkedHashMap<>();
        context.inputs().values().forEach(merged::putAll);
        if (!(merged.get("levels") instanceof List<?> levels) || levels.isEmpty()) {
            throw FailureException.invalidOutput("the question generation handed over no levels");
        }
        String bank = merged.get("bank") instanceof String b ? b : SparcService.bankOf(String.valueOf(context.parameters().get("subject")));
        Map<String, String> objectives = new LinkedHashMap<>();
        if (merged.get("objectives") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    objectives.put(String.valueOf(m.get("id")), String.valueOf(m.get("text")));
                }
            }
        }
        Map<?, ?> feedback = merged.get("feedback") instanceof Map<?, ?> f ? f : Map.of();
        long now = System.currentTimeMillis();
        List<Item> items = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (Object each : levels) {
            Map<?, ?> level = (Map<?, ?>) each;
            int k = ((Number) level.get("level")).intValue();
            double b = level.get("b") instanceof Number n ? n.doubleValue() : 0;
            Map<?, ?> quiz = (Map<?, ?>) level.get("quiz");
            int questions = 0;
            int position = 0;
            for (Object q : quiz.get("questions") instanceof List<?> list ? list : List.of()) {
                Map<?, ?> question = (Map<?, ?>) q;
                position++;
                String type = String.valueOf(question.get("type"));
                List<String> options = strings(question.get("options"));
                List<String> answer = strings(question.get("answer"));
                String unusable = unusable(type, options, answer, question.get("prompt"));
                if (unusable != null) {
                    skipped.add(Map.of("level", k, "id", String.valueOf(question.get("id")), "reason", unusable));
                    continue;
                }
                String objective = objectives.getOrDefault(String.valueOf(question.get("objective_id")),
                        String.valueOf(question.get("objective_id")));
                double c = type.equals("multiple_choice") && options.size() > 1 ? 1.0 / options.size()
                        : type.equals("true_false") ? 0.5 : 0;
                Object fb = feedback.get(k + "/" + question.get("id"));
                String incorrect = fb instanceof Map<?, ?> m && m.get("incorrect") != null ? m.get("incorrect").toString() : null;
                items.add(new Item(context.runId() + "/" + k + "/" + position, bank, clip(objective, 500),
                        clip(SparcService.bankOf(objective), 100), type, clip(String.valueOf(question.get("prompt")), 4000), options,
                        answer, question.get("explanation") == null ? null : clip(question.get("explanation").toString(), 4000),
                        incorrect == null ? null : clip(incorrect, 4000), k, levels.size(), 1.0, b, c, b, Item.BAND, 0, 0, 0,
                        context.runId(), context.owner(), now));
                questions++;
            }
            summary.add(Map.of("level", k, "b", b, "questions", questions));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bank", bank);
        out.put("items", items.size());
        out.put("levels", summary);
        out.put("skipped", skipped);
        out.put("start", Map.of("method", "POST", "path", "/api/v1/sparc/sessions", "body", Map.of("bank", bank)));
        out.put("bank_statistics", "/api/v1/sparc/banks/" + bank + "/items");
        return StepResult.of(out).withEffect(connection -> SparcStore.insertItems(connection, items));
    }

    /**
     * Why a question cannot be an item a student can answer, or null: no prompt or key, a
     * multiple-choice question without two options or whose key is not one of them, a true/false
     * key that is neither.
     */
    static String unusable(String type, List<String> options, List<String> answer, Object prompt) {
        if (answer.isEmpty() || prompt == null || prompt.toString().isBlank()) {
            return "no prompt or no key";
        }
        if (type.equals("multiple_choice")) {
            if (options.size() < 2) {
                return "fewer than two options";
            }
            if (answer.size() != 1 || options.stream().noneMatch(o -> Scoring.same(o, answer.get(0)))) {
                return "the key is not one of the options";
            }
        }
        if (type.equals("true_false") && (answer.size() != 1 || !(Scoring.same(answer.get(0), "true") || Scoring.same(answer.get(0), "false")))) {
            return "a true/false key that is neither";
        }
        return null;
    }

    private static List<String> strings(Object raw) {
        List<String> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.stream().filter(o -> o != null).forEach(o -> out.add(clip(o.toString(), 1000)));
        }
        return out;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
