package org.toolboxai.coordinator.error.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.toolboxai.coordinator.error.internal.alert.Alerts.alert;

import java.time.Duration;
import java.util.Arrays;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.coordinator.error.internal.alert.Delivery.Outcome;

class EmailAlertChannelTest {

    private GreenMail smtp;

    @BeforeEach
    void start() {
        // 127.0.0.1, a free port
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private int port() {
        return smtp.getSmtp().getPort();
    }

    @Test
    void aCriticalAlertArrivesAsPlainTextMailToEveryRecipient() throws Exception {
        EmailAlertChannel channel = new EmailAlertChannel(new TestEmailConfig().port(port())
                .to("ops@school.example, Head Teacher <head@school.example>"));
        Alert alert = alert(AlertLevel.CRITICAL, "fp-openai-503", 12);

        channel.send(alert);

        assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[Toolbox CRITICAL] OpenAI unreachable (fp-openai-503)");
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("ops@school.example", "head@school.example");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo("toolbox@school.example");
        assertThat(mail.getContentType()).startsWith("text/plain");
        String body = ((String) mail.getContent()).replace("\r\n", "\n");
        assertThat(body).startsWith(alert.detail() + "\n\n")
                .contains("Fingerprint: fp-openai-503\n", "Count:       12\n", "Component:   provider.openai\n",
                        "Class:       NETWORK\n", "Time:        2026-01-01T12:00:00Z\n", "Alert id:    " + alert.id());
        assertThat(mail.getSentDate().toInstant()).isEqualTo(alert.at());
    }

    @Test
    void aWarningBelowTheChannelsMinimumLevelIsNotSent() {
        EmailAlertChannel channel = new EmailAlertChannel(new TestEmailConfig().port(port()));
        try (AlertDispatcher dispatcher = new AlertDispatcher()) {
            dispatcher.addChannel(channel);

            dispatcher.raise(alert(AlertLevel.WARNING, "fp-warn", 1));
            dispatcher.raise(alert(AlertLevel.CRITICAL, "fp-crit", 1));

            // deliveries on one channel are in order: once the critical one is in, the warning would have been too
            assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.history().get(0).deliveries().get("email").outcome() == Outcome.SENT);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(dispatcher.history().get(1).deliveries().get("email").outcome()).isEqualTo(Outcome.BELOW_LEVEL);
        }
        assertThat(channel.minimumLevel()).isEqualTo(AlertLevel.CRITICAL);
    }

    @Test
    void aLoginIsUsedWhenConfiguredAndAWrongPasswordFails() throws Exception {
        smtp.setUser("alerts@school.example", "alerts", "s3cret-pw");

        new EmailAlertChannel(new TestEmailConfig().port(port()).login("alerts", "s3cret-pw"))
                .send(alert(AlertLevel.CRITICAL, "fp-1", 1));
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();

        EmailAlertChannel wrong = new EmailAlertChannel(new TestEmailConfig().port(port()).login("alerts", "wrong-pw"));
        Throwable thrown = catchThrowable(() -> wrong.send(alert(AlertLevel.CRITICAL, "fp-2", 1)));
        assertThat(thrown).isInstanceOf(AuthenticationFailedException.class);
        assertThat(String.valueOf(thrown.getMessage())).doesNotContain("wrong-pw");
        assertThat(wrong.settings().toString()).doesNotContain("wrong-pw").contains(".password=(set)");
    }

    @Test
    void aConfigurationWithoutRecipientsSaysWhatIsMissing() {
        EmailAlertChannel channel = new EmailAlertChannel(new TestEmailConfig().port(port()).to(" "));

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.CRITICAL, "fp-1", 1)));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("to is missing in etc/" + EmailConfig.PID + ".cfg");
    }

    @Test
    void aLoginWithoutStarttlsToAnotherMachineIsRefusedAsAConfigurationProblem() {
        TestEmailConfig config = new TestEmailConfig().port(port()).login("alerts", "s3cret-pw");
        config.host = "smtp.school.example";
        EmailAlertChannel channel = new EmailAlertChannel(config);

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.CRITICAL, "fp-1", 1)));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("set starttls = true")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void noMailServerIsAFailureWithinTheTimeOut() {
        int closedPort = port();
        smtp.stop();
        EmailAlertChannel channel = new EmailAlertChannel(new TestEmailConfig().port(closedPort));

        Throwable thrown = catchThrowable(() -> channel.send(alert(AlertLevel.CRITICAL, "fp-1", 1)));

        assertThat(thrown).isInstanceOf(jakarta.mail.MessagingException.class);
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }
}
