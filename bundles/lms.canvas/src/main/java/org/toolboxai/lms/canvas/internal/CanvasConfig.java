package org.toolboxai.lms.canvas.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the {@code canvas} LMS provider ({@code etc/org.toolboxai.lms.canvas.cfg}). The
 * school's token is {@code .token}, with a leading dot: a private property, not copied into the
 * service registration; it belongs in the environment ({@code .token = ${env:CANVAS_TOKEN}}).
 * Teachers' own tokens ({@code PUT /api/v1/lms/canvas/credentials}) come first.
 */
@ObjectClassDefinition(id = CanvasConfig.PID, name = "Toolbox Canvas LMS", description = "Lessons and courses pushed to Canvas")
public @interface CanvasConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.lms.canvas";

    /** Property name of the school's token in the file. */
    String TOKEN = ".token";

    @AttributeDefinition(name = "Base URL", description = "The school's Canvas, e.g. https://school.instructure.com (https; http only on loopback)")
    String base_url() default "";

    @AttributeDefinition(name = "School token", type = AttributeType.PASSWORD, required = false,
            description = "Used for teachers who stored no token of their own; never logged or shown. Use ${env:CANVAS_TOKEN}")
    String _token() default "";

    @AttributeDefinition(name = "Mode", description = "modules: a module per lesson with a page, a classic quiz and the place files; "
            + "cartridge: the Common Cartridge imported through a content migration (needs toolbox-lms-files)",
            options = {@Option(label = "modules", value = "modules"), @Option(label = "cartridge", value = "cartridge")})
    String mode() default "modules";

    @AttributeDefinition(name = "Publish", description = "Publish what a push makes at once (false: the teacher reviews and publishes it)")
    boolean publish() default false;

    @AttributeDefinition(name = "Time-out", description = "Seconds to wait for each Canvas answer", min = "1")
    int timeout_seconds() default 30;

    @AttributeDefinition(name = "Import wait", description = "Seconds to wait for Canvas to import a cartridge", min = "5")
    int migration_wait_seconds() default 300;
}
