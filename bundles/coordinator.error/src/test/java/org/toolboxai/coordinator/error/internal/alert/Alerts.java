package org.toolboxai.coordinator.error.internal.alert;

import java.time.Instant;
import java.util.UUID;

import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.api.error.ErrorClass;

/** Alerts for tests. */
final class Alerts {

    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private Alerts() {
    }

    static Alert alert(AlertLevel level, String fingerprint, long count) {
        return new Alert(UUID.randomUUID().toString(), level, fingerprint, ErrorClass.NETWORK, "provider.openai",
                "OpenAI unreachable (" + fingerprint + ")", "Calls to api.openai.com fail with HTTP 503.\nCheck the status page.",
                count, T0);
    }
}
