package org.toolboxai.agents.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.toolboxai.api.model.ChatModelProvider;

/** The installed model providers and the one the configuration makes active; they come and go at runtime. */
@Component(service = ModelProviders.class, configurationPid = AgentsConfig.PID)
@Designate(ocd = AgentsConfig.class)
public class ModelProviders {

    private final Map<String, ChatModelProvider> providers = new ConcurrentHashMap<>();
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
    }

    /** A provider appeared. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(ChatModelProvider provider) {
        providers.putIfAbsent(provider.name(), provider);
    }

    void removeProvider(ChatModelProvider provider) {
        providers.remove(provider.name(), provider);
    }

    /** The configured provider. @throws IllegalStateException naming what is installed when it is missing */
    ChatModelProvider active() {
        ChatModelProvider provider = providers.get(active);
        if (provider == null) {
            throw new IllegalStateException("No model provider named '" + active + "' is installed (installed: "
                    + List.copyOf(providers.keySet()) + "); set 'provider' in etc/" + AgentsConfig.PID + ".cfg");
        }
        return provider;
    }

    /** The configured provider's name. */
    public String activeName() {
        return active;
    }

    /** The installed providers by name. */
    public Map<String, ChatModelProvider> installed() {
        return Map.copyOf(providers);
    }

    int maxAttempts() {
        return maxAttempts;
    }
}
