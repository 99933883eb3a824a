package org.toolboxai.web.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.health.HealthContributor;
import org.toolboxai.api.security.ApiTokenService;

/**
 * {@code tokens} in the health report. It exists only while the token service does, which waits
 * for this bundle's tables and has imported an older install's tokens and written the initial
 * admin token by then; readiness names it in this bundle's {@code Toolbox-Ready-Requires}, so a
 * node is ready only once Bearer tokens authenticate. Whether the database answers is the store
 * contributor's report.
 */
@Component(service = HealthContributor.class)
public class TokenHealth implements HealthContributor {

    /** Waits for the token service. */
    @Activate
    public TokenHealth(@Reference ApiTokenService tokens) {
        // the reference is the point: this contributor exists while the token service does
    }

    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public HealthCheck check() {
        return HealthCheck.up(Map.of("store", "database"));
    }
}
