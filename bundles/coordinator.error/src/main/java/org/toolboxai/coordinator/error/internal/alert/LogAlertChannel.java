package org.toolboxai.coordinator.error.internal.alert;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertChannel;
import org.toolboxai.api.error.AlertLevel;

/**
 * The {@code log} alert channel, always present: one log line per alert, WARN for a warning and
 * ERROR for an error or a critical alert, so that alerts reach the log even where no webhook or
 * mail server is configured.
 */
@Component(service = AlertChannel.class, configurationPid = LogChannelConfig.PID, property = "alert.channel=log")
@Designate(ocd = LogChannelConfig.class)
public class LogAlertChannel implements AlertChannel {

    static final String NAME = "log";
    /** The logger alerts are written to, so they can be routed or filtered on their own. */
    static final String LOGGER = "org.toolboxai.alerts";

    private final Logger alerts;
    private volatile AlertLevel minimumLevel = AlertLevel.WARNING;

    /** Reads the configuration (the defaults when there is none). */
    @Activate
    public LogAlertChannel(LogChannelConfig config) {
        this(config, LoggerFactory.getLogger(LOGGER));
    }

    LogAlertChannel(LogChannelConfig config, Logger alerts) {
        this.alerts = alerts;
        modified(config);
    }

    @Modified
    void modified(LogChannelConfig config) {
        minimumLevel = Levels.parse(config.minimum_level(), AlertLevel.WARNING, LogChannelConfig.PID,
                LoggerFactory.getLogger(LogAlertChannel.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlertLevel minimumLevel() {
        return minimumLevel;
    }

    @Override
    public void send(Alert alert) {
        String line = line(alert);
        if (alert.level() == AlertLevel.WARNING) {
            alerts.warn(line);
        } else {
            alerts.error(line);
        }
    }

    /** The alert on one line: the detail's line breaks become spaces. */
    static String line(Alert alert) {
        return oneLine("Alert " + alert.level() + ": " + alert.title() + (alert.detail() == null ? "" : " - " + alert.detail())
                + " [fingerprint=" + alert.fingerprint() + ", class=" + alert.errorClass() + ", component=" + alert.component()
                + ", count=" + alert.count() + ", at=" + alert.at() + ", id=" + alert.id() + "]");
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
