package org.toolboxai.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the WebSocket at {@code /ws} ({@code etc/org.toolboxai.web.live.cfg}). */
@ObjectClassDefinition(name = "Toolbox WebSocket", description = "Limits and keep-alive of /ws")
public @interface LiveConfig {

    /** PID of this configuration. */
    String PID = "org.toolboxai.web.live";

    @AttributeDefinition(name = "Maximum message", description = "Bytes of one client message; a larger one closes the socket with 1009", min = "256")
    int max_message_bytes() default 65_536;

    @AttributeDefinition(name = "Connections", description = "Open sockets per node; beyond it new ones close with 1013", min = "1")
    int max_connections() default 10_000;

    @AttributeDefinition(name = "Ping", description = "Seconds between the server's pings", min = "1")
    int ping_seconds() default 30;

    @AttributeDefinition(name = "Idle time-out", description = "Seconds without any frame (pongs count) before the socket is closed", min = "5")
    int idle_seconds() default 120;

    @AttributeDefinition(name = "Send time-out", description = "Seconds a client may take to accept one message before the socket is closed with 1013", min = "1")
    int send_timeout_seconds() default 10;

    @AttributeDefinition(name = "Credential check", description = "Seconds between checks that a socket's credentials are still valid (a revoked token closes it with 1008)", min = "1")
    int recheck_seconds() default 30;
}
