package org.toolboxai.agents.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the content agents ({@code etc/org.toolboxai.agents.cfg}). */
@ObjectClassDefinition(name = "Toolbox content agents", description = "Which model provider the agents use")
public @interface AgentsConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.agents";

    @AttributeDefinition(name = "Provider", description = "Name of the model provider: offline (embedded, no network) or openai")
    String provider() default "offline";

    @AttributeDefinition(name = "Attempts", description = "Model calls per step when answers fail the checks (the findings are fed back)", min = "1")
    int max_attempts() default 3;
}
