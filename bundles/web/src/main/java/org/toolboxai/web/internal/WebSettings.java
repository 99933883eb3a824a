package org.toolboxai.web.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The REST front's configuration ({@code etc/org.toolboxai.web.cfg}), one immutable value replaced
 * on every change. A component of its own so that a change never touches the servlet's
 * registration: DS copies a component's configuration into its service properties, and pax-web
 * unregisters and registers again a servlet whose properties change, which took the whole API
 * away for about 5 s per edit.
 */
@Component(service = WebSettings.class, configurationPid = WebConfig.PID)
@Designate(ocd = WebConfig.class)
public class WebSettings {

    /** One configuration, as the servlet applies it. */
    record Values(long maxBodyBytes, String jaasRealm, int loginFailuresPerMinute, long asyncTimeoutMillis) {
    }

    private volatile Values current;

    /** Starts with the configuration (or its defaults). */
    @Activate
    public WebSettings(WebConfig config) {
        modified(config);
    }

    /** A changed or deleted configuration: the next request uses the new values. */
    @Modified
    void modified(WebConfig config) {
        current = new Values(config.max_body_bytes(), config.jaas_realm(), config.login_failures_per_minute(),
                config.async_timeout_seconds() * 1000L);
    }

    Values current() {
        return current;
    }
}
