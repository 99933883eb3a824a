package org.toolboxai.coordinator.content.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.http.ApiEndpoint;

/**
 * {@code content} in the health report. It starts only once the content routes are served (it
 * waits for this bundle's endpoint), so readiness, which names it in this bundle's
 * {@code Toolbox-Ready-Requires}, turns 200 only when {@code POST /api/v1/content} answers.
 * DEGRADED while the quality checks (the agents bundle) are not installed.
 */
@Component(service = HealthContributor.class)
public class ContentHealth implements HealthContributor {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ContentChecker checker;

    /** Waits for the content endpoint. */
    @Activate
    public ContentHealth(@Reference(target = "(component.name=org.toolboxai.coordinator.content.internal.ContentEndpoint)")
            ApiEndpoint endpoint) {
        // the reference is the point: this contributor exists while the routes do
    }

    @Override
    public String name() {
        return "content";
    }

    @Override
    public HealthCheck check() {
        return checker != null ? HealthCheck.up(Map.of("checks", "installed"))
                : HealthCheck.degraded("The quality checks (agents bundle) are not installed: packages cannot be made, "
                        + "checked or edited.", Map.of());
    }
}
