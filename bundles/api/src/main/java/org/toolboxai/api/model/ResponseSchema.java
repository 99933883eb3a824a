package org.toolboxai.api.model;

/**
 * The shape a task's answer must have, as a JSON Schema (draft 2020-12, the subset OpenAI's
 * strict structured outputs accept: every property required, {@code additionalProperties: false},
 * an optional field typed {@code ["string", "null"]}). A provider whose server can enforce a schema
 * sends it; others may ignore it, the agents check every answer anyway. The root may be an array
 * (the script list): a provider whose server wants an object root wraps it and unwraps the answer.
 *
 * @param name   a name for the schema, letters, digits, {@code _} and {@code -}, e.g. {@code lesson_plan}
 * @param schema the JSON Schema as JSON text
 * @since 2.1.0
 */
public record ResponseSchema(String name, String schema) {

    /** Both are needed, and the name must be one a server accepts. */
    public ResponseSchema {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a schema name is 1-64 letters, digits, _ or -, got " + name);
        }
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException("no schema for " + name);
        }
    }
}
