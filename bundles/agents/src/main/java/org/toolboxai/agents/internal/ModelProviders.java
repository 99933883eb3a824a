package org.toolboxai.agents.internal;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.model.ChatModelProvider;
import org.toolboxai.api.registry.RankedRegistry;

/** The installed model providers and the one the configuration makes active; they come and go at runtime. */
@Component(service = ModelProviders.class, configurationPid = AgentsConfig.PID)
@Designate(ocd = AgentsConfig.class)
public class ModelProviders {

    private static final Logger LOG = LoggerFactory.getLogger(ModelProviders.class);

    private final RankedRegistry<String, ChatModelProvider> providers = new RankedRegistry<>();
    private volatile String active;
    private volatile int maxAttempts;

    /** Reads the configuration. */
    @Activate
    public ModelProviders(AgentsConfig config) {
        modified(config);
    }

    @Modified
    void modified(AgentsConfig config) {
        this.active = config.provider();
        this.maxAttempts = Math.max(1, config.max_attempts());
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
}
