package org.toolboxai.coordinator.error.internal.alert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertChannel;
import org.toolboxai.api.error.AlertLevel;

/**
 * The {@code email} alert channel: one plain-text mail per alert, subject
 * {@code [Toolbox CRITICAL] <title>}, through Jakarta Mail 2.1 (Angus Mail at run time) over SMTP,
 * optionally with STARTTLS (then required) and a login. Present only while
 * {@code etc/org.toolboxai.coordinator.error.email.cfg} exists; critical alerts only by default.
 * In OSGi, Jakarta Mail runs with {@link MailProviders#contextLoader()} as the thread context class
 * loader (see there why).
 */
@Component(service = AlertChannel.class, configurationPid = EmailConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "alert.channel=email")
@Designate(ocd = EmailConfig.class)
public class EmailAlertChannel implements AlertChannel {

    static final String NAME = "email";

    private static final Logger LOG = LoggerFactory.getLogger(EmailAlertChannel.class);

    /**
     * The channel's configuration, checked. {@link #toString()} never shows the password.
     *
     * @param host         SMTP host
     * @param port         SMTP port
     * @param from         sender
     * @param to           recipients
     * @param username     login, or {@code null} for none
     * @param password     password, or {@code null}
     * @param starttls     whether STARTTLS is required
     * @param minimumLevel the lowest level sent
     * @param timeout      connect, read and write time-out
     * @param problem      why nothing can be sent, or {@code null}
     */
    /** Whether an SMTP host is this machine. */
    static boolean loopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1") || host.equals("[::1]"));
    }

    record Settings(String host, int port, InternetAddress from, List<InternetAddress> to, String username, String password,
            boolean starttls, AlertLevel minimumLevel, Duration timeout, String problem) {

        static Settings of(EmailConfig config) {
            String file = "etc/" + EmailConfig.PID + ".cfg";
            String problem = null;
            String host = blankToNull(config.smtp_host());
            if (host == null) {
                problem = "smtp.host is missing in " + file;
            }
            int port = config.smtp_port();
            if (problem == null && (port < 1 || port > 65535)) {
                problem = "smtp.port = " + port + " in " + file + " is not a port";
            }
            InternetAddress from = null;
            try {
                from = new InternetAddress(blankToNull(config.from()) == null ? "" : config.from().trim(), true);
            } catch (AddressException e) {
                problem = problem != null ? problem : "from in " + file + " is not an e-mail address: " + e.getMessage();
            }
            List<InternetAddress> to = List.of();
            try {
                to = List.of(InternetAddress.parse(config.to() == null ? "" : config.to(), true));
            } catch (AddressException e) {
                problem = problem != null ? problem : "to in " + file + " is not a list of e-mail addresses: " + e.getMessage();
            }
            if (problem == null && to.isEmpty()) {
                problem = "to is missing in " + file;
            }
            String username = blankToNull(config.username());
            String password = Levels.secret(config._password());
            if (problem == null && username != null && password == null) {
                problem = "username is set but no " + EmailConfig.PASSWORD + " in " + file + " ("
                        + EmailConfig.PASSWORD + " = ${env:TOOLBOX_SMTP_PASSWORD})";
            }
            if (problem == null && username != null && !config.starttls() && !loopback(host)) {
                // a login over a plain connection would send the password in the clear; a relay on
                // this machine (127.0.0.1, localhost) is the one exception, nothing crosses the network
                problem = "username is set but starttls is false in " + file + ": the password would cross the network "
                        + "unencrypted; set starttls = true (the server must offer STARTTLS)";
            }
            return new Settings(host, port, from, to, username, password, config.starttls(),
                    Levels.parse(config.minimum_level(), AlertLevel.CRITICAL, EmailConfig.PID, LOG),
                    Duration.ofSeconds(Math.max(1, config.timeout_seconds())), problem);
        }

        /** The Jakarta Mail session properties (never the password). */
        Properties sessionProperties() {
            Properties p = new Properties();
            String millis = Long.toString(timeout.toMillis());
            p.setProperty("mail.transport.protocol", "smtp");
            p.setProperty("mail.smtp.host", host);
            p.setProperty("mail.smtp.port", Integer.toString(port));
            p.setProperty("mail.smtp.connectiontimeout", millis);
            p.setProperty("mail.smtp.timeout", millis);
            p.setProperty("mail.smtp.writetimeout", millis);
            p.setProperty("mail.smtp.auth", Boolean.toString(username != null));
            if (starttls) {
                // required, not just enabled: never fall back to sending the login in the clear
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            return p;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        @Override
        public String toString() {
            return "smtp.host=" + host + ", smtp.port=" + port + ", from=" + from + ", to=" + to + ", username="
                    + (username == null ? "(none)" : username) + ", " + EmailConfig.PASSWORD + "="
                    + (password == null ? "(none)" : "(set)") + ", starttls=" + starttls + ", minimum.level="
                    + Levels.wire(minimumLevel) + ", timeout.seconds=" + timeout.toSeconds()
                    + (problem == null ? "" : ", problem: " + problem);
        }
    }

    private volatile Settings settings;

    /** Reads the configuration. */
    @Activate
    public EmailAlertChannel(EmailConfig config) {
        modified(config);
    }

    @Modified
    void modified(EmailConfig config) {
        Settings s = Settings.of(config);
        settings = s;
        if (s.problem() != null) {
            LOG.warn("E-mail alert channel cannot send: {}", s.problem());
        }
        LOG.info("E-mail alert channel: {}", s);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlertLevel minimumLevel() {
        return settings.minimumLevel();
    }

    @Override
    public void send(Alert alert) throws MessagingException {
        Settings s = settings;
        if (s.problem() != null) {
            throw new IllegalStateException(s.problem());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader providers = MailProviders.contextLoader();
        if (providers != null) {
            thread.setContextClassLoader(providers);
        }
        try {
            Session session = session(s);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(s.from());
            message.setRecipients(Message.RecipientType.TO, s.to().toArray(InternetAddress[]::new));
            message.setSubject(subject(alert), StandardCharsets.UTF_8.name());
            message.setText(body(alert), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(alert.at()));
            if (s.username() != null) {
                Transport.send(message, s.username(), s.password());
            } else {
                Transport.send(message);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Session session(Settings s) {
        try {
            return Session.getInstance(s.sessionProperties());
        } catch (IllegalStateException e) {
            // FactoryFinder's "No provider of jakarta.mail.util.StreamProvider was found"
            throw new IllegalStateException("Jakarta Mail found no usable implementation (is the bundle "
                    + "org.eclipse.angus:angus-mail installed and resolved?): " + e.getMessage(), e);
        }
    }

    /** {@code [Toolbox CRITICAL] <title>}. */
    static String subject(Alert alert) {
        return "[Toolbox " + alert.level() + "] " + alert.title().replaceAll("[\\r\\n]+", " ");
    }

    /** The plain-text body: the detail, then the facts a reader needs to find the failures again. */
    static String body(Alert alert) {
        return (alert.detail() == null || alert.detail().isBlank() ? alert.title() : alert.detail()) + "\n\n"
                + "Level:       " + alert.level() + "\n"
                + "Fingerprint: " + alert.fingerprint() + "\n"
                + "Count:       " + alert.count() + "\n"
                + "Component:   " + alert.component() + "\n"
                + "Class:       " + alert.errorClass() + "\n"
                + "Time:        " + alert.at() + "\n"
                + "Alert id:    " + alert.id() + "\n";
    }

    Settings settings() {
        return settings;
    }
}
