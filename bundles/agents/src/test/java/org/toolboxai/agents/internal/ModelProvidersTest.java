package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;

class ModelProvidersTest {

    private static ChatModelProvider provider(String name, String model) {
        return new ChatModelProvider() {
            public String name() {
                return name;
            }

            public String model() {
                return model;
            }

            public ModelReply complete(ModelRequest request) {
                return new ModelReply("{}", model, 0, 0);
            }
        };
    }

    @Test
    void whenTheActiveProviderLeavesAnotherOfTheSameNameServes() {
        ModelProviders providers = AgentStepTest.providers(provider("scripted", "one"), 1);
        ChatModelProvider second = provider("scripted", "two");
        providers.addProvider(second, Map.of());
        assertThat(providers.active().model()).isEqualTo("one");

        providers.removeProvider(providers.active());

        assertThat(providers.active()).isSameAs(second);
        providers.removeProvider(second);
        assertThatThrownBy(providers::active).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No model provider named 'scripted'");
    }

    @Test
    void rankingDecidesWhichProviderOfANameServes() {
        ModelProviders providers = AgentStepTest.providers(provider("scripted", "plain"), 1);
        ChatModelProvider ranked = provider("scripted", "ranked");
        providers.addProvider(ranked, Map.of("service.id", 99L, "service.ranking", 100));

        assertThat(providers.active()).isSameAs(ranked);
        assertThat(providers.installed()).containsOnlyKeys("scripted");
    }

    @Test
    void healthIsDownWithTheReasonWhenTheActiveProviderCannotAnswer() {
        ChatModelProvider keyless = new ChatModelProvider() {
            public String name() {
                return "scripted";
            }

            public String model() {
                return "gpt-4o-mini";
            }

            public ModelReply complete(ModelRequest request) {
                throw new AssertionError();
            }

            public Optional<String> unavailable() {
                return Optional.of("no API key configured");
            }
        };
        HealthCheck down = new ModelProviderHealth(AgentStepTest.providers(keyless, 1)).check();
        assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.message()).contains("'scripted' cannot answer: no API key configured");

        HealthCheck up = new ModelProviderHealth(AgentStepTest.providers(provider("scripted", "m"), 1)).check();
        assertThat(up.status()).isEqualTo(HealthStatus.UP);
        assertThat(up.details()).containsEntry("model", "m");
    }

    @Test
    void aProviderThatCannotSayItsNameIsNotUsed() {
        ModelProviders providers = AgentStepTest.providers(provider("scripted", "plain"), 1);
        providers.addProvider(new ChatModelProvider() {
            public String name() {
                throw new IllegalStateException("broken add-on");
            }

            public String model() {
                return "x";
            }

            public ModelReply complete(ModelRequest request) {
                throw new AssertionError();
            }
        }, Map.of());

        assertThat(providers.active().model()).isEqualTo("plain");
    }
}
