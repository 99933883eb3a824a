package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * The model path end to end through the agents, with a scripted model: its first answer for one
 * task carries one of the corpus's defects, its second is right. The step must refuse the first
 * answer, name the check that refused it in the second request's feedback, and the final package
 * must pass every check.
 */
class ModelPathRetriesTest {

    /** Answers per task from a queue (the last answer repeats), recording every request. */
    static final class ScriptedModel implements ChatModelProvider {
        final Map<String, Deque<String>> answers = new HashMap<>();
        final List<ModelRequest> requests = new ArrayList<>();

        ScriptedModel answer(String task, String... texts) {
            answers.computeIfAbsent(task, t -> new ArrayDeque<>()).addAll(List.of(texts));
            return this;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String model() {
            return "scripted-1";
        }

        @Override
        public ModelReply complete(ModelRequest request) {
            requests.add(request);
            Deque<String> queue = answers.get(request.task());
            String text = queue.size() > 1 ? queue.poll() : queue.peek();
            return new ModelReply(text, "scripted-1", 100, 200);
        }

        List<ModelRequest> requests(String task) {
            return requests.stream().filter(r -> r.task().equals(task)).toList();
        }
    }

    private static final Pattern FEEDBACK_LINE = Pattern.compile("^- ([a-z_]+), (.+?): (.+)$", Pattern.MULTILINE);

    /** The (check, part) pairs of a feedback, one per {@code - check, part: message} line. */
    static List<Map.Entry<String, String>> findings(String feedback) {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        Matcher m = FEEDBACK_LINE.matcher(feedback);
        while (m.find()) {
            found.add(Map.entry(m.group(1), m.group(2)));
        }
        return found;
    }

    static JsonNode corpus(String file) throws IOException {
        try (InputStream in = ModelPathRetriesTest.class.getResourceAsStream("/corpus/" + file)) {
            return Json.MAPPER.readTree(in);
        }
    }

    /** Which task makes the part a defect sits in; null for defects only the whole package shows. */
    static String task(Map<String, String> defect) {
        String part = defect.get("part");
        if (List.of("luau_syntax", "reading_level", "generator_limit").contains(defect.get("check"))) {
            return null; // the Lua parser is the roblox bundle's; the reading level and limits are judged on the package
        }
        return part.startsWith("lesson_plan") ? "curriculum" : part.startsWith("environment") ? "environment"
                : part.startsWith("quiz") ? "quiz" : part.startsWith("scripts") ? "script" : null;
    }

    static final Map<String, String> KEYS = Map.of("curriculum", "lesson_plan", "environment", "environment", "quiz", "quiz",
            "script", "scripts");

    static Stream<Map<String, String>> stepDefects() throws IOException {
        return PackageChecksTest.defects().stream().filter(d -> task(d) != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepDefects")
    void aDefectIsRefusedWithItsCheckNamedAndTheSecondAnswerMakesAPassingPackage(Map<String, String> defect) throws Exception {
        JsonNode good = corpus("good-package.json");
        JsonNode bad = corpus(defect.get("file"));
        String task = task(defect);
        ScriptedModel model = new ScriptedModel();
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            String right = Json.MAPPER.writeValueAsString(good.get(e.getValue()));
            if (e.getKey().equals(task)) {
                model.answer(task, Json.MAPPER.writeValueAsString(bad.get(e.getValue())), right);
            } else {
                model.answer(e.getKey(), right);
            }
        }

        ContentPackage made = run(model, parameters(good));

        List<ModelRequest> asked = model.requests(task);
        assertThat(asked).as("the defective answer is refused once").hasSize(2);
        assertThat(asked.get(0).feedback()).isNull();
        assertThat(findings(asked.get(1).feedback())).as(asked.get(1).feedback())
                .contains(Map.entry(defect.get("check"), defect.get("part")));
        KEYS.keySet().stream().filter(t -> !t.equals(task))
                .forEach(t -> assertThat(model.requests(t)).as(t + " is right the first time").hasSize(1));
        assertThat(made.quality().findings().stream().filter(QualityReport.Finding::fails)).isEmpty();
        assertThat(made.quality().passed()).isTrue();
        assertThat(made.provenance().steps()).filteredOn(s -> s.step().equals(task)).singleElement()
                .satisfies(s -> assertThat(s.attempts()).isEqualTo(2));
    }

    @Test
    void everyRequestCarriesTheSchemaOfItsAnswer() throws Exception {
        JsonNode good = corpus("good-package.json");
        ScriptedModel model = new ScriptedModel();
        for (Map.Entry<String, String> e : KEYS.entrySet()) {
            model.answer(e.getKey(), Json.MAPPER.writeValueAsString(good.get(e.getValue())));
        }

        run(model, parameters(good));

        assertThat(model.requests).extracting(r -> r.responseSchema().name())
                .containsExactly("lesson_plan", "environment", "quiz", "scripts");
        JsonNode scripts = Json.MAPPER.readTree(model.requests(("script")).get(0).responseSchema().schema());
        assertThat(scripts.path("type").asText()).isEqualTo("array");
        assertThat(scripts.path("items").path("properties").path("kind").path("enum"))
                .extracting(JsonNode::asText).containsExactly("server", "client", "module");
    }

    /** The request the corpus's good package answers, as a workflow run's parameters. */
    static Map<String, Object> parameters(JsonNode good) throws IOException {
        ContentPackage p = Json.MAPPER.treeToValue(good, ContentPackage.class);
        return Json.map(ContentBrief.describedBy(p).asRequest());
    }

    /** The educational_content template's agent steps in order, each reading the one before. */
    static ContentPackage run(ScriptedModel model, Map<String, Object> parameters) throws Exception {
        ModelProviders providers = AgentStepTest.providers(model, 3);
        Map<String, Object> previous = Map.of();
        Map<String, StepHandler> steps = new LinkedHashMap<>();
        steps.put("curriculum", new CurriculumAgent(providers));
        steps.put("environment", new EnvironmentAgent(providers));
        steps.put("quiz", new QuizAgent(providers));
        steps.put("script", new ScriptAgent(providers));
        steps.put("review", new IntegrationAgent());
        for (Map.Entry<String, StepHandler> step : steps.entrySet()) {
            StepResult result = step.getValue().execute(context(step.getKey(), parameters,
                    previous.isEmpty() ? Map.of() : Map.of("previous", previous)));
            previous = result.output();
        }
        return Json.convert(previous.get("package"), ContentPackage.class);
    }

    static StepContext context(String stepId, Map<String, Object> parameters, Map<String, Map<String, Object>> inputs) {
        return new StepContext() {
            public String runId() {
                return "run1";
            }

            public String stepId() {
                return stepId;
            }

            public String owner() {
                return "tom";
            }

            public String template() {
                return "educational_content";
            }

            public int attempt() {
                return 1;
            }

            public Map<String, Object> parameters() {
                return new LinkedHashMap<>(parameters);
            }

            public Map<String, Object> config() {
                return Map.of();
            }

            public Map<String, Map<String, Object>> inputs() {
                return inputs;
            }

            public boolean cancelled() {
                return false;
            }
        };
    }
}
