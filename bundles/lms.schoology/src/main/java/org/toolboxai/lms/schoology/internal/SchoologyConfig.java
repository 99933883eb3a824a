package org.toolboxai.lms.schoology.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the {@code schoology} LMS provider ({@code etc/org.toolboxai.lms.schoology.cfg}).
 * Teachers store their own API key and secret (Schoology: Account, API); a school key here is used
 * for teachers who stored none. The secret is private ({@code .consumer.secret}, leading dot).
 */
@ObjectClassDefinition(id = SchoologyConfig.PID, name = "Toolbox Schoology LMS", description = "Lessons and courses pushed to Schoology")
public @interface SchoologyConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.lms.schoology";

    /** Property name of the school's consumer secret in the file. */
    String SECRET = ".consumer.secret";

    @AttributeDefinition(name = "API URL", description = "Schoology's REST API root (https; http only on loopback)")
    String api_url() default "https://api.schoology.com/v1";

    @AttributeDefinition(name = "Web URL", description = "The school's Schoology, for links to what a push made, e.g. https://app.schoology.com")
    String web_url() default "https://app.schoology.com";

    @AttributeDefinition(name = "School consumer key", required = false, description = "Used for teachers who stored no key of their own")
    String consumer_key() default "";

    @AttributeDefinition(name = "School consumer secret", type = AttributeType.PASSWORD, required = false,
            description = "Never logged or shown. Use ${env:SCHOOLOGY_SECRET}")
    String _consumer_secret() default "";

    @AttributeDefinition(name = "Publish", description = "Publish the assignments a push makes at once (false: the teacher reviews them)")
    boolean publish() default false;

    @AttributeDefinition(name = "Time-out", description = "Seconds to wait for each Schoology answer", min = "1")
    int timeout_seconds() default 30;
}
