package org.toolboxai.coordinator.error.internal.alert;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the {@code log} alert channel ({@code etc/org.toolboxai.coordinator.error.log.cfg}, optional). */
@ObjectClassDefinition(id = LogChannelConfig.PID, name = "Toolbox alert channel: log",
        description = "Writes every alert to the log, one line each (WARN for warnings, ERROR above)")
public @interface LogChannelConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.error.log";

    @AttributeDefinition(name = "Minimum level", description = "Alerts below this level are not logged",
            options = {
                @Option(label = "warning", value = "warning"),
                @Option(label = "error", value = "error"),
                @Option(label = "critical", value = "critical")
            })
    String minimum_level() default "warning";
}
