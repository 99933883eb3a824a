package org.toolboxai.provider.openai.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The provider's configuration, checked and normalized. {@link #toString()} never shows the key.
 *
 * @param baseUrl     API root without a trailing slash
 * @param model       model name
 * @param apiKey      the key, or {@code null} when none is configured
 * @param timeout     connect and answer time-out
 * @param temperature sampling temperature, or {@code null} not to send one
 * @param maxTokens   answer limit, or {@code null} not to send one
 * @param maxRetries  retries inside one call
 * @param structuredOutput how answers are held to their shape ({@code structured.output}; {@code json.mode = false} is off)
 */
record Settings(String baseUrl, String model, String apiKey, Duration timeout, Double temperature, Integer maxTokens,
        int maxRetries, StructuredOutput structuredOutput) {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** Key names an administrator may write by mistake: public, so visible in the service registration. */
    static final List<String> PUBLIC_KEY_NAMES = List.of("api.key", "api_key");

    static Settings of(OpenAiConfig config) {
        return of(config, Map.of());
    }

    /**
     * The settings from the configuration; the key from {@code .api.key}, or else from a public
     * {@code api.key} or {@code api_key} in the raw properties (see {@link #publicKeyName}).
     */
    static Settings of(OpenAiConfig config, Map<String, ?> properties) {
        String baseUrl = blankToNull(config.base_url());
        baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        String model = blankToNull(config.model());
        String apiKey = key(config._api_key());
        String publicName = publicKeyName(properties);
        if (apiKey == null && publicName != null) {
            apiKey = key(String.valueOf(properties.get(publicName)));
        }
        return new Settings(baseUrl, model == null ? DEFAULT_MODEL : model, apiKey,
                Duration.ofSeconds(Math.max(1, config.timeout_seconds())),
                config.temperature() < 0 ? null : config.temperature(),
                config.max_tokens() <= 0 ? null : config.max_tokens(),
                Math.max(0, config.max_retries()),
                config.json_mode() ? StructuredOutput.parse(config.structured_output()).orElse(StructuredOutput.AUTO)
                        : StructuredOutput.OFF);
    }

    /** The public key property the configuration has, or {@code null}. */
    static String publicKeyName(Map<String, ?> properties) {
        for (String name : PUBLIC_KEY_NAMES) {
            Object value = properties.get(name);
            if (value instanceof String s && key(s) != null) {
                return name;
            }
        }
        return null;
    }

    /** Whether any response_format may be sent. */
    boolean jsonMode() {
        return structuredOutput != StructuredOutput.OFF;
    }

    boolean hasKey() {
        return apiKey != null;
    }

    /**
     * A usable key, or {@code null}: blank, or a placeholder left as it was because the environment
     * variable it names is not set ({@code ${env:OPENAI_API_KEY}}).
     */
    static String key(String configured) {
        String key = blankToNull(configured);
        if (key == null || (key.startsWith("${") && key.endsWith("}"))) {
            return null;
        }
        return key;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "base.url=" + baseUrl + ", model=" + model + ", " + OpenAiConfig.API_KEY + "=" + (hasKey() ? "(set)" : "(none)")
                + ", timeout.seconds=" + timeout.toSeconds() + ", temperature=" + temperature + ", max.tokens=" + maxTokens
                + ", max.retries=" + maxRetries + ", structured.output=" + structuredOutput;
    }
}
