package org.toolboxai.coordinator.error.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.toolboxai.coordinator.error.internal.alert.Alerts.alert;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.AlertLevel;

class LogAlertChannelTest {

    @Test
    void anAlertIsOneLineWithItsFacts() {
        String line = LogAlertChannel.line(alert(AlertLevel.CRITICAL, "fp-1", 3));

        assertThat(line).doesNotContain("\n").startsWith("Alert CRITICAL: OpenAI unreachable (fp-1) - Calls to api.openai.com")
                .contains("fingerprint=fp-1", "class=NETWORK", "component=provider.openai", "count=3");
    }

    @Test
    void warningsAndAboveAreLoggedByDefault() {
        LogAlertChannel channel = new LogAlertChannel(new LogChannelConfig() {
            @Override
            public String minimum_level() {
                return "warning";
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return LogChannelConfig.class;
            }
        });

        assertThat(channel.minimumLevel()).isEqualTo(AlertLevel.WARNING);
        assertThat(channel.name()).isEqualTo("log");
    }
}
