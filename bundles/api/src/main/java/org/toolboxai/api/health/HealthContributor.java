package org.toolboxai.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of the system that can say whether it works. Register as an OSGi service; the
 * main coordinator asks every contributor present at the moment of a health request.
 * A contributor that takes longer than the configured time-out is reported DOWN.
 */
@ConsumerType
public interface HealthContributor {

    /** Stable, unique, lower-case name, e.g. {@code "http"} or {@code "lms.canvas"}. */
    String name();

    /**
     * Whether a DOWN result of this contributor makes the whole system DOWN ({@code true})
     * or only DEGRADED ({@code false}, the default for integrations). The node is not ready for
     * traffic while a critical contributor reports {@link HealthStatus#STARTING} or DOWN.
     */
    default boolean critical() {
        return false;
    }

    /** Checks now. May block briefly; exceptions are reported as DOWN. */
    HealthCheck check() throws Exception;
}
