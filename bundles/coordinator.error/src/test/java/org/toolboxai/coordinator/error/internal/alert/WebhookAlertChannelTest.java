package org.toolboxai.coordinator.error.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.toolboxai.coordinator.error.internal.alert.Alerts.alert;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.coordinator.error.internal.alert.Delivery.Outcome;

class WebhookAlertChannelTest {

    private static final String SECRET = "whsec-T3st-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(Alerts.T0.plusSeconds(42));
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theReceiverGetsTheAlertAsSnakeCaseJsonWithASignatureItCanVerifyItself() throws Exception {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig(receiver.url("/hooks/toolbox"), SECRET), clock);
        Alert alert = alert(AlertLevel.CRITICAL, "fp-openai-503", 7);

        channel.send(alert);

        assertThat(receiver.received).hasSize(1);
        WebhookReceiver.Received request = receiver.received.get(0);
        assertThat(request.path()).isEqualTo("/hooks/toolbox");
        assertThat(request.timestamp()).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(request.signature()).matches("sha256=[0-9a-f]{64}");
        assertThat(request.signatureValid()).isTrue();

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("id").asText()).isEqualTo(alert.id());
        assertThat(body.get("level").asText()).isEqualTo("critical");
        assertThat(body.get("fingerprint").asText()).isEqualTo("fp-openai-503");
        assertThat(body.get("error_class").asText()).isEqualTo("network");
        assertThat(body.get("component").asText()).isEqualTo("provider.openai");
        assertThat(body.get("title").asText()).isEqualTo(alert.title());
        assertThat(body.get("detail").asText()).isEqualTo(alert.detail());
        assertThat(body.get("count").asLong()).isEqualTo(7);
        assertThat(body.get("at").asText()).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(body.size()).isEqualTo(9);
    }

    @Test
    void aChannelWithAnotherSecretIsDetectedByTheReceiverAndTheSendFails() {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig(receiver.url("/"), "not-the-secret"), clock);

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.ERROR, "fp-1", 1)));

        assertThat(receiver.received).singleElement().satisfies(r -> assertThat(r.signatureValid()).isFalse());
        assertThat(thrown).isInstanceOf(IOException.class).hasMessageEndingWith("answered HTTP 401");
    }

    @Test
    void aChangedBodyNoLongerMatchesTheSignature() throws Exception {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig(receiver.url("/"), SECRET), clock);
        channel.send(alert(AlertLevel.ERROR, "fp-1", 1));
        WebhookReceiver.Received request = receiver.received.get(0);

        byte[] tampered = JSON.writeValueAsBytes(((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(request.body()))
                .put("count", 1000));

        assertThat(receiver.valid(request.timestamp(), request.signature(), request.body())).isTrue();
        assertThat(receiver.valid(request.timestamp(), request.signature(), tampered)).isFalse();
        assertThat(receiver.valid(Long.toString(Long.parseLong(request.timestamp()) + 1), request.signature(), request.body()))
                .isFalse();
    }

    @Test
    void aServerErrorIsAFailedDeliveryInTheDispatcherHistory() {
        receiver.answer(500);
        WebhookAlertChannel channel = new WebhookAlertChannel(
                new TestWebhookConfig(receiver.url("/services/T000/B000/XXXXtoken"), SECRET), clock);
        try (AlertDispatcher dispatcher = new AlertDispatcher(clock, Duration.ofMinutes(10), 20, 500)) {
            dispatcher.addChannel(channel);

            dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Delivery delivery = dispatcher.history().get(0).deliveries().get("webhook");
                assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(delivery.reason()).endsWith("answered HTTP 500").doesNotContain("XXXXtoken");
            });
        }
        assertThat(receiver.received).hasSize(1);
    }

    @Test
    void errorsAreSentByDefaultAndWarningsAreNot() {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig(receiver.url("/"), SECRET), clock);

        assertThat(channel.minimumLevel()).isEqualTo(AlertLevel.ERROR);
        channel.modified(new TestWebhookConfig(receiver.url("/"), SECRET).minimumLevel("Warning"));
        assertThat(channel.minimumLevel()).isEqualTo(AlertLevel.WARNING);
        channel.modified(new TestWebhookConfig(receiver.url("/"), SECRET).minimumLevel("loud"));
        assertThat(channel.minimumLevel()).isEqualTo(AlertLevel.ERROR);
    }

    @Test
    void withoutASecretNothingIsSentAndTheFailureSaysWhatToSet() {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig(receiver.url("/"), "${env:TOOLBOX_WEBHOOK_SECRET}"), clock);

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.ERROR, "fp-1", 1)));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("no .secret in etc/"
                + WebhookConfig.PID + ".cfg");
        assertThat(receiver.received).isEmpty();
    }

    @Test
    void theSettingsNeverShowTheSecretNorTheUrlsPath() {
        WebhookAlertChannel channel = new WebhookAlertChannel(
                new TestWebhookConfig(receiver.url("/services/T000/B000/XXXXtoken"), SECRET), clock);

        assertThat(channel.settings().toString()).doesNotContain(SECRET).doesNotContain("XXXXtoken").contains(".secret=(set)");
    }

    @Test
    void aUrlThatIsNotHttpIsReportedWithoutItsValue() {
        WebhookAlertChannel channel = new WebhookAlertChannel(new TestWebhookConfig("ftp://user:pw@host/x", SECRET), clock);

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.ERROR, "fp-1", 1)));

        assertThat(thrown).hasMessage("url in etc/" + WebhookConfig.PID + ".cfg is not an http(s) URL");
    }
}
