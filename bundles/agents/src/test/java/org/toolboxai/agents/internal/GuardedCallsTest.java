package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.error.ErrorReport;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.Allocation;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.ModelUsage;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.workflow.StepResult;

/**
 * The agents' model calls pass through whatever guardrails are installed: a permit around each
 * call (settled with the tokens the provider reported, closed after), recovery around the permits,
 * and the provider that really answered, with what recovery did, in the step's provenance.
 */
class GuardedCallsTest {

    /** A resource coordinator that records what it was asked. */
    static final class RecordingGuard implements ResourceGuard {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<CallContext> calls = new CopyOnWriteArrayList<>();
        final List<ModelUsage> estimates = new CopyOnWriteArrayList<>();
        final List<ModelUsage> settled = new CopyOnWriteArrayList<>();
        volatile FailureException refuse;

        @Override
        public Permit acquire(CallContext call, ModelUsage estimate, Duration maxWait) {
            if (refuse != null) {
                throw refuse;
            }
            calls.add(call);
            estimates.add(estimate);
            events.add("acquire " + call.service());
            return new Permit() {
                @Override
                public void settle(ModelUsage used) {
                    settled.add(used);
                    events.add("settle " + call.service());
                }

                @Override
                public void close() {
                    events.add("close " + call.service());
                }
            };
        }

        @Override
        public Allocation allocate(String holder, Map<String, Long> amounts, Duration maxWait) {
            return new Allocation() {
                public String id() {
                    return "a";
                }

                public Map<String, Long> amounts() {
                    return amounts;
                }

                public Instant expiresAt() {
                    return Instant.MAX;
                }

                public void close() {
                }
            };
        }
    }

    @Test
    void everyCallHoldsAPermitSettledWithTheReportedTokensAndTheRefusalOfALimitStands() throws Exception {
        AgentStepTest.ScriptedProvider model = new AgentStepTest.ScriptedProvider(List.of("not json", AgentStepTest.GOOD_PLAN));
        ModelProviders providers = AgentStepTest.providers(model, 3);
        RecordingGuard guard = new RecordingGuard();
        providers.bindGuard(guard);

        new CurriculumAgent(providers).execute(AgentStepTest.context());

        assertThat(guard.events).containsExactly("acquire scripted", "settle scripted", "close scripted", "acquire scripted",
                "settle scripted", "close scripted");
        assertThat(guard.calls).allSatisfy(c -> {
            assertThat(c.user()).isEqualTo("tom");
            assertThat(c.runId()).isEqualTo("run1");
            assertThat(c.stepId()).isEqualTo("curriculum_analysis");
            assertThat(c.operation()).isEqualTo("curriculum");
        });
        assertThat(guard.settled).containsOnly(new ModelUsage("scripted-1", 10, 20));
        // the estimate is at least the prompt (a token per two characters) and, with no cap of the
        // provider's own, the configured largest answer
        assertThat(guard.estimates).allSatisfy(e -> {
            assertThat(e.outputTokens()).isEqualTo(4096);
            assertThat(e.inputTokens()).isGreaterThan(model.requests.get(0).prompt().length() / 2);
        });
        AgentStepTest.ScriptedProvider capped = new AgentStepTest.ScriptedProvider(List.of(AgentStepTest.GOOD_PLAN)) {
            @Override
            public java.util.OptionalLong maxOutputTokens() {
                return java.util.OptionalLong.of(1_000);
            }
        };
        assertThat(providers.estimate(capped, model.requests.get(0)).outputTokens()).as("the provider's cap").isEqualTo(1_000);

        guard.refuse = new FailureException(Failure.of(FailureKind.OVER_BUDGET, "The global daily budget of $1.00 has $0.00 left"));
        assertThatThrownBy(() -> new CurriculumAgent(providers).execute(AgentStepTest.context()))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.OVER_BUDGET));
        assertThat(model.requests).as("a refused call is never made").hasSize(2);
    }

    @Test
    void anAnswerCutOffOrNotWaitedForIsBookedAtItsLargestCostAndAServerErrorAtNothing() throws Exception {
        List<org.toolboxai.api.model.ModelException> failures = List.of(
                new org.toolboxai.api.model.ModelException(Failure.of(FailureKind.INVALID_OUTPUT,
                        "the answer was cut off at max_tokens=4096"), null),
                new org.toolboxai.api.model.ModelException(Failure.of(FailureKind.TIMED_OUT, "did not answer within 60 s"), null),
                new org.toolboxai.api.model.ModelException(Failure.of(FailureKind.TRANSIENT, "HTTP 500"), null));
        java.util.Iterator<org.toolboxai.api.model.ModelException> next = failures.iterator();
        org.toolboxai.api.model.ChatModelProvider failing = new org.toolboxai.api.model.ChatModelProvider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public String model() {
                return "scripted-1";
            }

            @Override
            public org.toolboxai.api.model.ModelReply complete(org.toolboxai.api.model.ModelRequest request)
                    throws org.toolboxai.api.model.ModelException {
                throw next.next();
            }
        };
        ModelProviders providers = AgentStepTest.providers(failing, 1);
        RecordingGuard guard = new RecordingGuard();
        providers.bindGuard(guard);

        for (int i = 0; i < failures.size(); i++) {
            assertThatThrownBy(() -> new CurriculumAgent(providers).execute(AgentStepTest.context())).isInstanceOf(FailureException.class);
        }

        assertThat(guard.settled).hasSize(2).containsExactlyElementsOf(guard.estimates.subList(0, 2));
        assertThat(guard.events).filteredOn(e -> e.startsWith("close")).hasSize(3);
    }

    @Test
    void theProviderThatAnsweredAndTheRecoveriesAreInTheProvenanceAndHealthNamesMissingGuardrails() throws Exception {
        AgentStepTest.ScriptedProvider model = new AgentStepTest.ScriptedProvider(List.of(AgentStepTest.GOOD_PLAN));
        ModelProviders providers = AgentStepTest.providers(model, 3);
        GuardrailsHealth health = new GuardrailsHealth(providers);
        assertThat(health.check().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.check().message()).contains("no resource coordinator").contains("no error coordinator");
        AgentStepTest.ScriptedProvider standIn = new AgentStepTest.ScriptedProvider(List.of(AgentStepTest.GOOD_PLAN)) {
            @Override
            public String name() {
                return "stand-in";
            }
        };
        providers.addProvider(standIn, Map.of());
        List<CallContext> recovering = new CopyOnWriteArrayList<>();
        providers.bindErrors(new ErrorCoordinator() {
            @Override
            public ErrorReport report(Throwable failure, CallContext context) {
                return null;
            }

            @Override
            public <T> Recovered<T> call(CallContext context, RemoteCall<T> call) throws Exception {
                recovering.add(context);
                return new Recovered<>(call.call("stand-in", 2), "stand-in", 2, List.of("scripted: HTTP 500; stand-in answered instead"));
            }
        });
        providers.bindGuard(new RecordingGuard());
        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);

        StepResult result = new CurriculumAgent(providers).execute(AgentStepTest.context());

        assertThat(recovering).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("scripted"));
        assertThat(model.requests).isEmpty();
        assertThat(standIn.requests).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> provenance = (List<Map<String, Object>>) result.output().get("provenance");
        assertThat(provenance).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("provider", "stand-in");
            assertThat(p.get("recoveries")).isEqualTo(List.of("scripted: HTTP 500; stand-in answered instead"));
        });
    }
}
