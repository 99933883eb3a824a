package org.toolboxai.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the REST front ({@code etc/org.toolboxai.web.cfg}). */
@ObjectClassDefinition(name = "Toolbox REST API", description = "Limits and authentication of /api/v1")
public @interface WebConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.web";

    @AttributeDefinition(name = "Maximum request body", description = "Bytes; larger bodies get 413", min = "1024")
    long max_body_bytes() default 1_048_576;

    @AttributeDefinition(name = "JAAS realm", description = "Realm used for HTTP Basic logins (the SSH shell's realm by default)")
    String jaas_realm() default "karaf";

    @AttributeDefinition(name = "Failed logins per minute", description = "Per client address; beyond it 429 until the minute is over", min = "1")
    int login_failures_per_minute() default 20;

    @AttributeDefinition(name = "Async time-out", description = "Seconds an answer that comes later (a long poll, a wait) may take; then 503 with Retry-After", min = "1")
    int async_timeout_seconds() default 130;
}
