package org.toolboxai.coordinator.content.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of content generation ({@code etc/org.toolboxai.coordinator.content.cfg}). */
@ObjectClassDefinition(name = "Toolbox content", description = "Limits and cache of /api/v1/content")
public @interface ContentConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.content";

    @AttributeDefinition(name = "Generations at once", description = "Queued, running and paused generations; more get 429", min = "1")
    int max_generations() default 20;

    @AttributeDefinition(name = "Cache size", description = "Finished packages remembered for identical requests (0: no cache)", min = "0")
    int cache_size() default 1000;

    @AttributeDefinition(name = "Cache time", description = "Minutes a finished package answers identical requests", min = "1")
    int cache_minutes() default 60;
}
