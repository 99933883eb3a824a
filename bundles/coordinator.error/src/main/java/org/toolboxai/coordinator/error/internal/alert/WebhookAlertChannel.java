package org.toolboxai.coordinator.error.internal.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
 * The {@code webhook} alert channel: POSTs each alert as JSON (see {@link AlertJson}) to the
 * configured URL, signed so the receiver can tell it comes from this toolbox and is fresh.
 * Present only while {@code etc/org.toolboxai.coordinator.error.webhook.cfg} exists.
 *
 * <h2>Signature (how a receiver verifies a request)</h2>
 * Every request carries two headers:
 * <pre>
 * X-Toolbox-Timestamp: 1767225600
 * X-Toolbox-Signature: sha256=5f0c...e1
 * </pre>
 * The timestamp is the time of sending in whole seconds since the Unix epoch (decimal, no sign).
 * The signature is {@code "sha256="} followed by the lower-case hexadecimal HMAC-SHA256 of the bytes
 * of the timestamp as written in the header, one {@code '.'}, and the request body exactly as
 * received (UTF-8 JSON, before any parsing), keyed with the UTF-8 bytes of the configured
 * {@code .secret}. To verify, the receiver:
 * <ol>
 * <li>reads the raw body and both headers;</li>
 * <li>rejects the request when the timestamp is more than a few minutes (5 is usual) from its own
 * clock: this is what stops a recorded request from being replayed later;</li>
 * <li>computes {@code HMAC-SHA256(secret, timestamp + "." + body)}, hex-encodes it, and compares
 * it with the header's value after {@code sha256=} in constant time
 * ({@code MessageDigest.isEqual}, {@code hmac.compare_digest});</li>
 * <li>optionally remembers the alert {@code id}s of the last minutes to drop exact duplicates.</li>
 * </ol>
 * This is the scheme of Stripe and Slack; a receiver written for one of them needs only the
 * header names changed.
 *
 * <p>Any answer other than 2xx fails the delivery with its status. Neither the secret nor the
 * URL's path and query (Slack-style URLs carry a token there) appear in the log or in failures.
 */
@Component(service = AlertChannel.class, configurationPid = WebhookConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "alert.channel=webhook")
@Designate(ocd = WebhookConfig.class)
public class WebhookAlertChannel implements AlertChannel {

    static final String NAME = "webhook";
    static final String TIMESTAMP_HEADER = "X-Toolbox-Timestamp";
    static final String SIGNATURE_HEADER = "X-Toolbox-Signature";
    static final String SIGNATURE_PREFIX = "sha256=";
    private static final String HMAC = "HmacSHA256";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlertChannel.class);

    /** The settings and the client built for them, swapped whole on a change. */
    private record Target(Settings settings, HttpClient client) {
    }

    /**
     * The channel's configuration, checked. {@link #toString()} shows neither the secret nor the
     * URL's path.
     *
     * @param url          where to POST, or {@code null} when the configured one is unusable
     * @param secret       the HMAC key, or {@code null} when none is configured
     * @param minimumLevel the lowest level sent
     * @param timeout      connect and answer time-out
     * @param problem      why nothing can be sent, or {@code null}
     */
    record Settings(URI url, String secret, AlertLevel minimumLevel, Duration timeout, String problem) {

        static Settings of(WebhookConfig config) {
            URI url = null;
            String problem = null;
            String configured = config.url() == null ? "" : config.url().trim();
            try {
                URI parsed = URI.create(configured);
                if (("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()))
                        && parsed.getHost() != null) {
                    url = parsed;
                }
            } catch (IllegalArgumentException e) {
                // reported below without the value: it may hold a token
            }
            if (url == null) {
                problem = "url in etc/" + WebhookConfig.PID + ".cfg is " + (configured.isEmpty() ? "missing" : "not an http(s) URL");
            }
            String secret = Levels.secret(config._secret());
            if (secret == null && problem == null) {
                problem = "no " + WebhookConfig.SECRET + " in etc/" + WebhookConfig.PID + ".cfg: alerts are only sent signed ("
                        + WebhookConfig.SECRET + " = ${env:TOOLBOX_WEBHOOK_SECRET})";
            }
            return new Settings(url, secret, Levels.parse(config.minimum_level(), AlertLevel.ERROR, WebhookConfig.PID, LOG),
                    Duration.ofSeconds(Math.max(1, config.timeout_seconds())), problem);
        }

        /** Scheme, host and port only. */
        String origin() {
            if (url == null) {
                return "(none)";
            }
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        }

        @Override
        public String toString() {
            return "url=" + origin() + "/..., " + WebhookConfig.SECRET + "=" + (secret == null ? "(none)" : "(set)")
                    + ", minimum.level=" + Levels.wire(minimumLevel) + ", timeout.seconds=" + timeout.toSeconds()
                    + (problem == null ? "" : ", problem: " + problem);
        }
    }

    private final Clock clock;
    private volatile Target target;

    /** Reads the configuration. */
    @Activate
    public WebhookAlertChannel(WebhookConfig config) {
        this(config, Clock.systemUTC());
    }

    WebhookAlertChannel(WebhookConfig config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(WebhookConfig config) {
        Settings settings = Settings.of(config);
        target = new Target(settings, HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build());
        if (settings.problem() != null) {
            LOG.warn("Webhook alert channel cannot send: {}", settings.problem());
        }
        LOG.info("Webhook alert channel: {}", settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlertLevel minimumLevel() {
        return target.settings().minimumLevel();
    }

    @Override
    public void send(Alert alert) throws IOException, InterruptedException {
        Target current = target;
        Settings settings = current.settings();
        if (settings.problem() != null) {
            throw new IllegalStateException(settings.problem());
        }
        byte[] body = AlertJson.bytes(alert);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, SIGNATURE_PREFIX + sign(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response = current.client().send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + settings.origin() + " answered HTTP " + response.statusCode());
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}, keyed with the secret. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    Settings settings() {
        return target.settings();
    }
}
