package org.toolboxai.coordinator.error.internal.alert;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the {@code email} alert channel ({@code etc/org.toolboxai.coordinator.error.email.cfg});
 * the channel exists only while this configuration does. Keys: {@code smtp.host}, {@code smtp.port},
 * {@code from}, {@code to}, {@code username}, {@code .password}, {@code starttls},
 * {@code minimum.level}, {@code timeout.seconds}.
 *
 * <p>The password is the private property {@code .password} (leading dot), kept out of the service
 * registration; it belongs in the environment: {@code .password = ${env:TOOLBOX_SMTP_PASSWORD}}.
 */
@ObjectClassDefinition(id = EmailConfig.PID, name = "Toolbox alert channel: e-mail",
        description = "Sends critical alerts (by default) as plain-text e-mail through an SMTP server")
public @interface EmailConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.error.email";

    /** Property name of the password in the file. */
    String PASSWORD = ".password";

    @AttributeDefinition(name = "SMTP host", description = "The mail server's host name")
    String smtp_host();

    @AttributeDefinition(name = "SMTP port", description = "25 (plain or STARTTLS) or 587 (submission, with starttls)", min = "1", max = "65535")
    int smtp_port() default 25;

    @AttributeDefinition(name = "From", description = "Sender address, e.g. toolbox@example.org")
    String from();

    @AttributeDefinition(name = "To", description = "Recipient addresses, separated by commas")
    String to();

    @AttributeDefinition(name = "User name", required = false, description = "SMTP login; empty: no authentication")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "SMTP password; never logged or shown. Use ${env:TOOLBOX_SMTP_PASSWORD}")
    String _password() default "";

    @AttributeDefinition(name = "STARTTLS", description = "Require STARTTLS before anything is sent (refuse a server without it)")
    boolean starttls() default false;

    @AttributeDefinition(name = "Minimum level", description = "Alerts below this level are not sent",
            options = {
                @Option(label = "warning", value = "warning"),
                @Option(label = "error", value = "error"),
                @Option(label = "critical", value = "critical")
            })
    String minimum_level() default "critical";

    @AttributeDefinition(name = "Time-out", description = "Seconds to connect, and for each read and write", min = "1")
    int timeout_seconds() default 10;
}
