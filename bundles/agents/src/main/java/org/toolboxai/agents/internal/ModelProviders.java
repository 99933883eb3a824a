package org.toolboxai.agents.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.ErrorCoordinator;
import org.toolboxai.api.error.Recovered;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.guard.CallContext;
import org.toolboxai.api.guard.ModelUsage;
import org.toolboxai.api.guard.Permit;
import org.toolboxai.api.guard.ResourceGuard;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.registry.RankedRegistry;
import org.toolboxai.api.swarm.ModelAccess;
import org.toolboxai.api.swarm.Swarm;

/**
 * The installed model providers and the one the configuration makes active; they come and go at
 * runtime. Every model call goes through the guardrails that are installed: the error coordinator
 * (recovery: retries, circuit breaker, fallback provider) around the resource coordinator (rate
 * limits, budget reservation, ledger) around the provider. Without them a call is made once, as is.
 */
@Component(service = ModelProviders.class, configurationPid = AgentsConfig.PID)
@Designate(ocd = AgentsConfig.class)
public class ModelProviders {

    private static final Logger LOG = LoggerFactory.getLogger(ModelProviders.class);

    private final RankedRegistry<String, ChatModelProvider> providers = new RankedRegistry<>();
    private volatile String active;
    private volatile int maxAttempts;
    private volatile Duration permitWait;
    private volatile long outputEstimate;
    private volatile ResourceGuard guard;
    private volatile ErrorCoordinator errors;
    private volatile Swarm swarm;

    /** Reads the configuration. */
    @Activate
    public ModelProviders(AgentsConfig config) {
        modified(config);
    }

    @Modified
    void modified(AgentsConfig config) {
        this.active = config.provider();
        this.maxAttempts = Math.max(1, config.max_attempts());
        this.permitWait = Duration.ofSeconds(Math.max(0, config.permit_wait_seconds()));
        this.outputEstimate = Math.max(1, config.estimate_output_tokens());
        providers.get(active).ifPresent(this::warnIfUnavailable);
    }

    /** A provider appeared: it serves its name unless a better-ranked (or older) one does. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ChatModelProvider provider, Map<String, Object> properties) {
        String name;
        try {
            name = provider.name();
        } catch (RuntimeException e) {
            LOG.error("Model provider {} failed to say its name; it is not used", provider, e);
            return;
        }
        if (providers.add(name, provider, properties).current() == provider && name.equals(active)) {
            warnIfUnavailable(provider);
        }
    }

    /** Only the provider the agents are configured to use deserves a warning when it cannot answer. */
    private void warnIfUnavailable(ChatModelProvider provider) {
        try {
            provider.unavailable().ifPresent(reason -> LOG.warn("The agents use model provider '{}', which cannot "
                    + "answer: {}", active, reason));
        } catch (RuntimeException e) {
            LOG.warn("Model provider '{}' failed to say whether it can answer", active, e);
        }
    }

    /** A provider left: the next one of the same name, if any, serves. */
    void removeProvider(ChatModelProvider provider) {
        providers.removeEverywhere(provider);
    }

    /** The configured provider. @throws IllegalStateException naming what is installed when it is missing */
    ChatModelProvider active() {
        ChatModelProvider provider = providers.get(active).orElse(null);
        if (provider == null) {
            throw new IllegalStateException("No model provider named '" + active + "' is installed (installed: "
                    + List.copyOf(providers.serving().keySet()) + "); set 'provider' in etc/" + AgentsConfig.PID + ".cfg");
        }
        return provider;
    }

    /** The configured provider's name. */
    public String activeName() {
        return active;
    }

    /** The installed providers by name. */
    public Map<String, ChatModelProvider> installed() {
        return providers.serving();
    }

    int maxAttempts() {
        return maxAttempts;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindGuard(ResourceGuard bound) {
        this.guard = bound;
    }

    void unbindGuard(ResourceGuard unbound) {
        if (guard == unbound) {
            guard = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindErrors(ErrorCoordinator bound) {
        this.errors = bound;
    }

    void unbindErrors(ErrorCoordinator unbound) {
        if (errors == unbound) {
            errors = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSwarm(Swarm bound) {
        this.swarm = bound;
    }

    void unbindSwarm(Swarm unbound) {
        if (swarm == unbound) {
            swarm = null;
        }
    }

    /** The swarm, when installed: it verifies the quizzes' keys and picks among candidates. */
    Optional<Swarm> swarm() {
        return Optional.ofNullable(swarm);
    }

    /**
     * The guarded way to the models for the swarm's solvers and reviewers: a call to the named
     * provider through the error coordinator (retries, circuit breaker, its fallback provider, which
     * may say it cannot do the task) and under the resource coordinator's permit, booked to the same
     * run, step and user as {@code base}.
     */
    ModelAccess access(CallContext base) {
        return new ModelAccess() {
            @Override
            public String activeProvider() {
                return active;
            }

            @Override
            public boolean answers(String provider, String task) {
                return providers.get(provider).map(p -> p.answers(task)).orElse(false);
            }

            @Override
            public ModelReply ask(String provider, String operation, ModelRequest request) throws Exception {
                CallContext call = new CallContext(base.component(), operation, provider, base.user(), base.runId(),
                        base.stepId(), base.requestId());
                ErrorCoordinator recovery = errors;
                if (recovery == null) {
                    return once(provider, call, request);
                }
                // like every model call: retried after faults, failing fast while the provider's circuit is open
                return recovery.call(call, (service, attempt) -> once(service, call.withService(service), request)).value();
            }
        };
    }

    /** The resource coordinator, when installed. */
    Optional<ResourceGuard> guard() {
        return Optional.ofNullable(guard);
    }

    /** The error coordinator, when installed. */
    Optional<ErrorCoordinator> errors() {
        return Optional.ofNullable(errors);
    }

    /**
     * What a call answered, and how.
     *
     * @param reply      the answer
     * @param provider   the provider that gave it (the fallback when the active one's circuit was open)
     * @param recoveries what recovery did on the way, in words
     */
    record Served(ModelReply reply, String provider, List<String> recoveries) {
    }

    /**
     * Asks the active provider, through the installed guardrails.
     *
     * @throws Exception the provider's {@link org.toolboxai.api.model.ModelException}, or a
     *         {@link FailureException} of the guardrails (a rate limit, a budget) when nothing recovered it
     */
    Served complete(CallContext call, ModelRequest request) throws Exception {
        ErrorCoordinator recovery = errors;
        if (recovery == null) {
            return new Served(once(active().name(), call, request), active, List.of());
        }
        Recovered<ModelReply> recovered = recovery.call(call.withService(active),
                (service, attempt) -> once(service, call.withService(service), request));
        return new Served(recovered.value(), recovered.service(), recovered.recoveries());
    }

    /** One call to a named provider, under the resource coordinator's permit when it is installed. */
    private ModelReply once(String service, CallContext call, ModelRequest request) throws Exception {
        ChatModelProvider provider = providers.get(service).orElseThrow(() -> new FailureException(Failure.of(FailureKind.PERMANENT,
                "no model provider named '" + service + "' is installed (installed: " + List.copyOf(providers.serving().keySet()) + ")")));
        ResourceGuard permits = guard;
        if (permits == null) {
            return provider.complete(request);
        }
        ModelUsage estimate = estimate(provider, request);
        try (Permit permit = permits.acquire(call, estimate, permitWait)) {
            ModelReply reply;
            try {
                reply = provider.complete(request);
            } catch (ModelException e) {
                FailureKind kind = e.failure().kind();
                if (kind == FailureKind.INVALID_OUTPUT || kind == FailureKind.TIMED_OUT) {
                    // the provider may have counted (and billed) tokens without saying how many (an answer
                    // cut off at max.tokens, one we stopped waiting for): book the largest cost, not nothing
                    permit.settle(estimate);
                }
                throw e;
            }
            permit.settle(new ModelUsage(reply.model() == null ? provider.model() : reply.model(), reply.tokensIn(), reply.tokensOut()));
            return reply;
        }
    }

    /**
     * The most a call can use, for the budget reservation: the prompt's tokens, counted high (one per
     * two characters, where English averages four and JSON about three), and the largest answer: the
     * provider's cap ({@code max.tokens} of an OpenAI-compatible provider), else the configured
     * {@code estimate.output.tokens}. A call that uses more than it reserved is booked at its real
     * cost, and may then pass the budget: the cap is what rules that out.
     */
    ModelUsage estimate(ChatModelProvider provider, ModelRequest request) {
        long chars = length(request.system()) + length(request.prompt()) + length(request.feedback())
                + (request.responseSchema() == null ? 0 : request.responseSchema().schema().length());
        java.util.OptionalLong cap = provider.maxOutputTokens();
        return new ModelUsage(provider.model(), chars / 2 + 16, cap.isPresent() ? cap.getAsLong() : outputEstimate);
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }
}
