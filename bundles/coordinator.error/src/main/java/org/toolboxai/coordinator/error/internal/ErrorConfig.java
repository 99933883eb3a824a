package org.toolboxai.coordinator.error.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the error coordinator ({@code etc/org.toolboxai.coordinator.error.cfg}); an
 * underscore in a method name is a dot in the file. Fallbacks are keys of their own,
 * {@code fallback.<service> = <service>}, read from the raw configuration.
 */
@ObjectClassDefinition(id = ErrorConfig.PID, name = "Toolbox error coordinator",
        description = "Recovery of failed calls to remote services, error groups, alerts and escalation")
public @interface ErrorConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.error";

    @AttributeDefinition(name = "Attempts", description = "Calls at most per guarded call, the first included (retries and fallbacks)", min = "1", max = "20")
    int max_attempts() default 4;

    @AttributeDefinition(name = "Longest wait", description = "Seconds one guarded call may spend waiting between attempts, in all", min = "0")
    int max_wait_seconds() default 60;

    @AttributeDefinition(name = "First back-off", description = "Milliseconds before the first retry; doubled each time, with full jitter", min = "1")
    int backoff_initial_millis() default 500;

    @AttributeDefinition(name = "Longest back-off", description = "Milliseconds a back-off is capped at", min = "1")
    int backoff_max_millis() default 20000;

    @AttributeDefinition(name = "Model fallback", description = "The service a model provider's calls fall back to while its circuit is open "
            + "or its retries are spent, unless fallback.<service> names another; empty: none")
    String fallback_models() default "offline";

    @AttributeDefinition(name = "Circuit failure rate", description = "Percentage of failed calls (of the last circuit.window) that opens a service's circuit", min = "1", max = "100")
    int circuit_failure_rate() default 50;

    @AttributeDefinition(name = "Circuit window", description = "Calls the failure rate is measured over", min = "1")
    int circuit_window() default 10;

    @AttributeDefinition(name = "Circuit minimum calls", description = "Calls needed before the failure rate counts", min = "1")
    int circuit_minimum_calls() default 5;

    @AttributeDefinition(name = "Circuit open time", description = "Seconds an open circuit fails fast before letting trial calls through (half-open)", min = "1")
    int circuit_open_seconds() default 30;

    @AttributeDefinition(name = "Half-open calls", description = "Trial calls in the half-open state that decide whether the circuit closes", min = "1")
    int circuit_half_open_calls() default 2;

    @AttributeDefinition(name = "Samples", description = "Latest contexts kept per error group", min = "1", max = "100")
    int samples_per_group() default 10;

    @AttributeDefinition(name = "Escalate after attempts", description = "A group still failing after this many recovery attempts escalates to CRITICAL", min = "1")
    int escalate_after_attempts() default 5;

    @AttributeDefinition(name = "Escalate after minutes", description = "A group still failing this long after it was first seen escalates to CRITICAL", min = "1")
    int escalate_after_minutes() default 30;

    @AttributeDefinition(name = "Spike minimum", description = "Failures of one group in 5 minutes before a spike can be reported", min = "1")
    int spike_minimum() default 10;

    @AttributeDefinition(name = "Spike factor", description = "A spike is this many times the group's usual rate (over the last hour)", min = "1")
    int spike_factor() default 5;
}
