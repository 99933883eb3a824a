package org.toolboxai.coordinator.main.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of health aggregation ({@code etc/org.toolboxai.coordinator.main.health.cfg}). */
@ObjectClassDefinition(name = "Toolbox health", description = "How /api/v1/health asks the contributors")
public @interface HealthConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.main.health";

    @AttributeDefinition(name = "Contributor time-out", description = "Milliseconds a contributor may take before it counts as DOWN", min = "10")
    long contributor_timeout_millis() default 2000;

    @AttributeDefinition(name = "Cache time", description = "Milliseconds a report is reused, so monitors and load tests polling health do not multiply checks; 0 checks on every call", min = "0")
    long cache_millis() default 1000;

    @AttributeDefinition(name = "Maximum checks in flight", description = "Threads for contributor checks; hung checks hold one each", min = "1")
    int max_checks_in_flight() default 32;
}
