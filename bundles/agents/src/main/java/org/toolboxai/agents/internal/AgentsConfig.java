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

    @AttributeDefinition(name = "Permit wait", description = "Seconds a model call may wait for the resource coordinator's rate limits before it is refused", min = "0")
    int permit_wait_seconds() default 30;

    @AttributeDefinition(name = "Answer estimate", description = "Tokens an answer may use at most, for the budget reservation of a provider that sets no cap of its own "
            + "(the offline provider; an OpenAI-compatible one uses its max.tokens); set it at or above the provider's longest answer", min = "1")
    int estimate_output_tokens() default 4096;
}
