package org.toolboxai.web.internal;

import java.lang.annotation.Annotation;

/** A {@link WebConfig} with the values a test chooses, as ConfigAdmin would hand it over. */
record TestWebConfig(long maxBodyBytes, int loginFailures, int asyncTimeoutSeconds, String realm) implements WebConfig {

    /** The default realm. */
    TestWebConfig(long maxBodyBytes, int loginFailures, int asyncTimeoutSeconds) {
        this(maxBodyBytes, loginFailures, asyncTimeoutSeconds, "karaf");
    }

    /** The defaults of the annotation. */
    static TestWebConfig defaults() {
        return new TestWebConfig(1_048_576, 20, 130);
    }

    /** The settings component, configured with this. */
    WebSettings settings() {
        return new WebSettings(this);
    }

    @Override
    public long max_body_bytes() {
        return maxBodyBytes;
    }

    @Override
    public String jaas_realm() {
        return realm;
    }

    @Override
    public int login_failures_per_minute() {
        return loginFailures;
    }

    @Override
    public int async_timeout_seconds() {
        return asyncTimeoutSeconds;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return WebConfig.class;
    }
}
