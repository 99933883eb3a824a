package org.toolboxai.api.health;

import org.osgi.annotation.versioning.ProviderType;

/** Aggregates every {@link HealthContributor} present at the moment of the call. */
@ProviderType
public interface HealthService {

    /** Checks all contributors in parallel, each bounded by the configured time-out. */
    HealthReport check();

    /**
     * Whether the node is ready for traffic, from the same check as {@link #check()}.
     *
     * @since 1.1
     */
    Readiness readiness();
}
