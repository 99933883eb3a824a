package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.time.Duration;
import org.toolboxai.api.model.ModelException;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepResult;

class AgentStepTest {

    /** Answers from a script, recording the requests. */
    static class ScriptedProvider implements ChatModelProvider {
        final List<String> answers;
        final List<ModelRequest> requests = new ArrayList<>();

        ScriptedProvider(List<String> answers) {
            this.answers = answers;
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
            return new ModelReply(answers.get(Math.min(requests.size() - 1, answers.size() - 1)), "scripted-1", 10, 20);
        }
    }

    static ModelProviders providers(ChatModelProvider provider, int attempts) {
        ModelProviders providers = new ModelProviders(new AgentsConfig() {
            @Override
            public String provider() {
                return provider.name();
            }

            @Override
            public int max_attempts() {
                return attempts;
            }

            @Override
            public int permit_wait_seconds() {
                return 30;
            }

            @Override
            public int estimate_output_tokens() {
                return 4096;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AgentsConfig.class;
            }
        });
        providers.addProvider(provider, Map.of());
        return providers;
    }

    static StepContext context() {
        return new StepContext() {
            public String runId() {
                return "run1";
            }

            public String stepId() {
                return "curriculum_analysis";
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
                return Map.of("subject", "Mathematics", "grade_level", 7L, "learning_objectives", List.of("Fractions", "Decimals"),
                        "duration_minutes", 45L, "standards", List.of());
            }

            public Map<String, Object> config() {
                return Map.of();
            }

            public Map<String, Map<String, Object>> inputs() {
                return Map.of();
            }

            public boolean cancelled() {
                return false;
            }
        };
    }

    static final String GOOD_PLAN = """
            {"title": "Fractions", "subject": "Mathematics", "grade_level": "7", "summary": "s",
             "objectives": [{"id": "obj1", "text": "Fractions"}, {"id": "obj2", "text": "Decimals"}],
             "activities": [{"title": "a", "objective_id": "obj1", "minutes": 20, "description": "d"},
                            {"title": "b", "objective_id": "obj2", "minutes": 25, "description": "d"}],
             "vocabulary": [], "standards": []}""";

    @Test
    void invalidAnswersAreRetriedWithTheFindingsAsFeedbackUntilOneIsGood() throws Exception {
        ScriptedProvider model = new ScriptedProvider(List.of("not json at all",
                GOOD_PLAN.replace("\"standards\": []", "\"standards\": [\"INVENTED.1\"]"),
                "```json\n" + GOOD_PLAN + "\n```"));
        StepResult result = new CurriculumAgent(providers(model, 3)).execute(context());

        assertThat(model.requests).hasSize(3);
        assertThat(model.requests.get(0).feedback()).isNull();
        assertThat(model.requests.get(1).feedback()).contains("not the JSON asked for");
        assertThat(model.requests.get(2).feedback()).contains("INVENTED.1");
        assertThat(model.requests.get(0).facts().lesson().subject()).isEqualTo(model.requests.get(2).facts().lesson().subject())
                .isNotNull();
        // the model sees the same facts as JSON beside the prompt
        assertThat(Json.MAPPER.readTree(model.requests.get(0).prompt().substring(model.requests.get(0).prompt()
                .indexOf("Facts (JSON): ") + 14)).path("task").asText()).isEqualTo("curriculum");
        assertThat(result.output()).containsKey("lesson_plan");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> provenance = (List<Map<String, Object>>) result.output().get("provenance");
        assertThat(provenance).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("attempts", 3).containsEntry("provider", "scripted").containsEntry("tokens_in", 30L);
        });
    }

    @Test
    void aStepFailsClearlyWhenNoAnswerCanBeRead() {
        ScriptedProvider model = new ScriptedProvider(List.of("I cannot do that."));
        assertThatThrownBy(() -> new CurriculumAgent(providers(model, 2)).execute(context()))
                .hasMessageContaining("no answer could be read after 2 attempts")
                .isInstanceOfSatisfying(FailureException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.INVALID_OUTPUT));
        assertThat(model.requests).hasSize(2);
    }

    @Test
    void aModelFailureKeepsItsKindAndRetryAfterForTheScheduler() {
        ChatModelProvider limited = new ChatModelProvider() {
            public String name() {
                return "scripted";
            }

            public String model() {
                return "m";
            }

            public ModelReply complete(ModelRequest request) throws ModelException {
                throw new ModelException(Failure.rateLimited("HTTP 429", Duration.ofSeconds(7)), null);
            }
        };
        assertThatThrownBy(() -> new CurriculumAgent(providers(limited, 3)).execute(context()))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.failure().retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.failure().message()).isEqualTo("model provider scripted: HTTP 429");
                });
    }

    @Test
    void aReadableAnswerThatStillFailsItsChecksGoesOnForTheQualityReportToFlag() throws Exception {
        String invented = GOOD_PLAN.replace("\"standards\": []", "\"standards\": [\"INVENTED.1\"]");
        ScriptedProvider model = new ScriptedProvider(List.of(invented));
        StepResult result = new CurriculumAgent(providers(model, 2)).execute(context());
        assertThat(model.requests).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) result.output().get("lesson_plan");
        assertThat(plan.get("standards")).isEqualTo(List.of("INVENTED.1"));
        // the final check flags it
        assertThat(LessonChecks.check(Json.convert(plan, org.toolboxai.api.content.LessonPlan.class), ContentBrief.of(context().parameters()))
                .errors()).anyMatch(e -> e.contains("INVENTED.1"));
    }

    @Test
    void aMissingProviderIsNamedWithTheInstalledOnes() {
        ModelProviders providers = providers(new ScriptedProvider(List.of(GOOD_PLAN)), 1);
        providers.removeProvider(providers.installed().get("scripted"));
        assertThatThrownBy(() -> new CurriculumAgent(providers).execute(context()))
                .hasMessageContaining("No model provider named 'scripted' is installed");
    }
}
