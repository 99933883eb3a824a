package org.toolboxai.web.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The WebSocket's configuration ({@code etc/org.toolboxai.web.live.cfg}), one immutable value
 * replaced on every change. A component of its own for the reason {@link WebSettings} is: a
 * configuration bound to {@link LiveSocket} would become its service properties, and pax-web
 * registers a WebSocket again (restarting the whole HTTP context) when they change.
 */
@Component(service = LiveSettings.class, configurationPid = LiveConfig.PID)
@Designate(ocd = LiveConfig.class)
public class LiveSettings {

    /** One configuration, as the socket applies it. */
    record Values(int maxMessageBytes, int maxConnections, long pingMillis, long idleMillis, long sendTimeoutMillis,
            long recheckMillis) {
    }

    private volatile Values current;

    @Activate
    public LiveSettings(LiveConfig config) {
        modified(config);
    }

    @Modified
    void modified(LiveConfig config) {
        current = new Values(config.max_message_bytes(), config.max_connections(), config.ping_seconds() * 1000L,
                config.idle_seconds() * 1000L, config.send_timeout_seconds() * 1000L, config.recheck_seconds() * 1000L);
    }

    Values current() {
        return current;
    }
}
