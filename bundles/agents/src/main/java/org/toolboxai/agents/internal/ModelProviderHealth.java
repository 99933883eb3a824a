package org.toolboxai.agents.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.model.ChatModelProvider;

/** {@code model-provider}: whether the configured provider is installed (content generation fails without it). */
@Component(service = HealthContributor.class)
public class ModelProviderHealth implements HealthContributor {

    private final ModelProviders providers;

    /** Watches the providers. */
    @Activate
    public ModelProviderHealth(@Reference ModelProviders providers) {
        this.providers = providers;
    }

    @Override
    public String name() {
        return "model-provider";
    }

    @Override
    public HealthCheck check() {
        Map<String, ChatModelProvider> installed = providers.installed();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("active", providers.activeName());
        details.put("installed", new TreeSet<>(installed.keySet()));
        ChatModelProvider active = installed.get(providers.activeName());
        if (active == null) {
            return new HealthCheck(org.toolboxai.api.health.HealthStatus.DOWN,
                    "the configured provider '" + providers.activeName() + "' is not installed", details);
        }
        details.put("model", active.model());
        Optional<String> unavailable = active.unavailable();
        if (unavailable.isPresent()) {
            return new HealthCheck(org.toolboxai.api.health.HealthStatus.DOWN,
                    "the active provider '" + providers.activeName() + "' cannot answer: " + unavailable.get(), details);
        }
        return HealthCheck.up(details);
    }
}
