package org.toolboxai.provider.openai.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the provider asks the server for structured answers ({@code structured.output}); also what
 * one request actually sends ({@link #JSON_SCHEMA}, {@link #JSON_OBJECT} or nothing, {@link #OFF}).
 */
enum StructuredOutput {
    /** {@code json_schema} when the request has a schema, falling back on a 400 about {@code response_format}. */
    AUTO,
    /** {@code response_format: {"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}}. */
    JSON_SCHEMA,
    /** {@code response_format: {"type": "json_object"}}: any JSON object. */
    JSON_OBJECT,
    /** No {@code response_format}: for servers that refuse it. */
    OFF;

    /** The word in the configuration, e.g. {@code json_schema}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a configuration word names, if any. */
    static Optional<StructuredOutput> parse(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.toString().equals(w)).findFirst();
    }

    /** What to send when the server refused this. */
    StructuredOutput lower() {
        return switch (this) {
            case AUTO, JSON_SCHEMA -> JSON_OBJECT;
            case JSON_OBJECT, OFF -> OFF;
        };
    }
}
