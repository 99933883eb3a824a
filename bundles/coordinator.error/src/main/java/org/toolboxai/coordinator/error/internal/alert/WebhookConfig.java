package org.toolboxai.coordinator.error.internal.alert;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the {@code webhook} alert channel ({@code etc/org.toolboxai.coordinator.error.webhook.cfg});
 * the channel exists only while this configuration does. Keys: {@code url}, {@code .secret},
 * {@code minimum.level}, {@code timeout.seconds}.
 *
 * <p>The secret is the private property {@code .secret} (leading dot), so Declarative Services does
 * not copy it into the service registration; it belongs in the environment:
 * {@code .secret = ${env:TOOLBOX_WEBHOOK_SECRET}}.
 */
@ObjectClassDefinition(id = WebhookConfig.PID, name = "Toolbox alert channel: webhook",
        description = "POSTs every alert as JSON to a URL, signed with HMAC-SHA256")
public @interface WebhookConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.error.webhook";

    /** Property name of the secret in the file. */
    String SECRET = ".secret";

    @AttributeDefinition(name = "URL", description = "http or https URL the alerts are POSTed to")
    String url();

    @AttributeDefinition(name = "Secret", type = AttributeType.PASSWORD, required = false,
            description = "Key of the HMAC-SHA256 signature in X-Toolbox-Signature; never logged or shown. Use "
                    + "${env:TOOLBOX_WEBHOOK_SECRET}. Without it every alert fails on this channel")
    String _secret() default "";

    @AttributeDefinition(name = "Minimum level", description = "Alerts below this level are not sent",
            options = {
                @Option(label = "warning", value = "warning"),
                @Option(label = "error", value = "error"),
                @Option(label = "critical", value = "critical")
            })
    String minimum_level() default "error";

    @AttributeDefinition(name = "Time-out", description = "Seconds to connect and to wait for the answer", min = "1")
    int timeout_seconds() default 10;
}
