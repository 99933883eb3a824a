package org.toolboxai.coordinator.error.internal.alert;

import java.lang.annotation.Annotation;

/** An e-mail configuration as Declarative Services would hand it over. */
final class TestEmailConfig implements EmailConfig {

    String host = "127.0.0.1";
    int port = 25;
    String from = "toolbox@school.example";
    String to = "ops@school.example";
    String username = "";
    String password = "";
    boolean starttls;
    String minimumLevel = "critical";
    int timeoutSeconds = 5;

    TestEmailConfig port(int value) {
        port = value;
        return this;
    }

    TestEmailConfig to(String value) {
        to = value;
        return this;
    }

    TestEmailConfig login(String user, String pass) {
        username = user;
        password = pass;
        return this;
    }

    @Override
    public String smtp_host() {
        return host;
    }

    @Override
    public int smtp_port() {
        return port;
    }

    @Override
    public String from() {
        return from;
    }

    @Override
    public String to() {
        return to;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String _password() {
        return password;
    }

    @Override
    public boolean starttls() {
        return starttls;
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
        return EmailConfig.class;
    }
}
