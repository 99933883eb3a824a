package org.toolboxai.provider.openai.internal;

import java.lang.annotation.Annotation;

/** A configuration as Declarative Services would hand it over; starts from the annotation's defaults. */
final class TestOpenAiConfig implements OpenAiConfig {

    String baseUrl = "https://api.openai.com/v1";
    String model = "gpt-4o-mini";
    String apiKey = "";
    int timeoutSeconds = 60;
    double temperature = 0.2;
    int maxTokens = 4096;
    int maxRetries = 0;
    boolean jsonMode = true;
    String structuredOutput = "auto";

    TestOpenAiConfig baseUrl(String value) {
        baseUrl = value;
        return this;
    }

    TestOpenAiConfig model(String value) {
        model = value;
        return this;
    }

    TestOpenAiConfig apiKey(String value) {
        apiKey = value;
        return this;
    }

    TestOpenAiConfig timeoutSeconds(int value) {
        timeoutSeconds = value;
        return this;
    }

    TestOpenAiConfig temperature(double value) {
        temperature = value;
        return this;
    }

    TestOpenAiConfig maxTokens(int value) {
        maxTokens = value;
        return this;
    }

    TestOpenAiConfig maxRetries(int value) {
        maxRetries = value;
        return this;
    }

    TestOpenAiConfig jsonMode(boolean value) {
        jsonMode = value;
        return this;
    }

    TestOpenAiConfig structuredOutput(String value) {
        structuredOutput = value;
        return this;
    }

    @Override
    public String structured_output() {
        return structuredOutput;
    }

    @Override
    public String base_url() {
        return baseUrl;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String _api_key() {
        return apiKey;
    }

    @Override
    public int timeout_seconds() {
        return timeoutSeconds;
    }

    @Override
    public double temperature() {
        return temperature;
    }

    @Override
    public int max_tokens() {
        return maxTokens;
    }

    @Override
    public int max_retries() {
        return maxRetries;
    }

    @Override
    public boolean json_mode() {
        return jsonMode;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return OpenAiConfig.class;
    }
}
