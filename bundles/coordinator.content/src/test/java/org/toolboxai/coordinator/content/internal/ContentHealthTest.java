package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.health.HealthStatus;

/** The content contributor: UP with the checks, DEGRADED saying why without them. */
class ContentHealthTest {

    @Test
    void withoutTheChecksContentIsDegradedAndSaysWhy() {
        ContentHealth health = new ContentHealth(null);
        assertThat(health.name()).isEqualTo("content");
        assertThat(health.check().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(health.check().message()).contains("agents bundle");

        health.checker = (p, r) -> new QualityReport(true, 5, java.util.List.of());
        assertThat(health.check().status()).isEqualTo(HealthStatus.UP);
    }
}
