package org.toolboxai.coordinator.error.internal.alert;

import java.lang.annotation.Annotation;

/** A webhook configuration as Declarative Services would hand it over. */
final class TestWebhookConfig implements WebhookConfig {

    String url;
    String secret = "";
    String minimumLevel = "error";
    int timeoutSeconds = 10;

    TestWebhookConfig(String url, String secret) {
        this.url = url;
        this.secret = secret;
    }

    TestWebhookConfig minimumLevel(String value) {
        minimumLevel = value;
        return this;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String _secret() {
        return secret;
    }

    @Override
    public String minimum_level() {
        return minimumLevel;
    }

    @Override
    public int timeout_seconds() {
        return timeoutSeconds;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return WebhookConfig.class;
    }
}
