package org.toolboxai.coordinator.sync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the event log ({@code etc/org.toolboxai.coordinator.sync.events.cfg}). */
@ObjectClassDefinition(name = "Toolbox events", description = "Retention of the event log and subscriber buffers")
public @interface EventsConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.coordinator.sync.events";

    @AttributeDefinition(name = "Retention (hours)", description = "Events older than this are deleted from the log", min = "1")
    int events_retention_hours() default 24;

    @AttributeDefinition(name = "Retention (count)", description = "At most this many of the newest events are kept", min = "1000")
    long events_retention_count() default 100_000;

    @AttributeDefinition(name = "Pruning interval (minutes)", description = "How often the retention is applied", min = "1")
    int events_prune_minutes() default 10;

    @AttributeDefinition(name = "Event streams", description = "Server-Sent Event streams open at once on this node (each holds a server thread)", min = "0")
    int events_stream_max() default 100;

    @AttributeDefinition(name = "Tail interval (ms)", description = "How often this node reads the log for events other nodes appended", min = "10")
    int events_tail_millis() default 250;

    @AttributeDefinition(name = "Event stream life (minutes)", description = "A stream ends after this; EventSource reconnects with Last-Event-ID", min = "1")
    int events_stream_minutes() default 30;
}
