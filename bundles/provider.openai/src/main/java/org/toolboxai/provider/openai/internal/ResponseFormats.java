package org.toolboxai.provider.openai.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;

import org.toolboxai.api.model.ResponseSchema;

/**
 * The {@code response_format} of one request, in langchain4j's terms, and how to tell a server's
 * refusal of it. OpenAI wants an object at the root of a {@code json_schema}: an array schema (the
 * script list) is wrapped as {@code {"items": [...]}}, and the provider unwraps the answer.
 */
final class ResponseFormats {

    static final String WRAP_KEY = "items";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseFormats() {
    }

    /** The format to send: json_schema needs a schema; the mode's ceiling otherwise. */
    static StructuredOutput choose(StructuredOutput ceiling, ResponseSchema schema) {
        StructuredOutput format = ceiling == StructuredOutput.AUTO ? StructuredOutput.JSON_SCHEMA : ceiling;
        return format == StructuredOutput.JSON_SCHEMA && schema == null ? StructuredOutput.JSON_OBJECT : format;
    }

    /** Whether the schema's root is an array (so it is wrapped in an object). */
    static boolean arrayRoot(ResponseSchema schema) {
        return schema != null && "array".equals(tree(schema).path("type").asText());
    }

    /** langchain4j's response format for what is sent, or null for none. */
    static ResponseFormat of(StructuredOutput format, ResponseSchema schema, boolean wrapped) {
        return switch (format) {
            case JSON_SCHEMA -> ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder()
                    .name(schema.name()).rootElement(JsonRawSchema.from(wrapped ? wrap(schema) : schema.schema())).build()).build();
            case JSON_OBJECT -> ResponseFormat.JSON;
            case AUTO, OFF -> null;
        };
    }

    /** {@code {"type": "object", "properties": {"items": <the array schema>}, ...}}, strict. */
    static String wrap(ResponseSchema schema) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("properties", Map.of(WRAP_KEY, MAPPER.convertValue(tree(schema), new TypeReference<Map<String, Object>>() { })));
        object.put("required", List.of(WRAP_KEY));
        object.put("additionalProperties", false);
        try {
            return MAPPER.writeValueAsString(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(ResponseSchema schema) {
        try {
            return MAPPER.readTree(schema.schema());
        } catch (IOException e) {
            throw new IllegalArgumentException("the response schema " + schema.name() + " is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a call failed because the server does not accept the {@code response_format} sent: a
     * 400 (or 422, the validation error of FastAPI-based servers) whose error names
     * {@code response_format} as its parameter or in its message (OpenAI: {@code "param":
     * "response_format"}; vLLM, llama.cpp and LM Studio word it in the message).
     */
    static boolean refused(Throwable failure) {
        HttpException http = null;
        for (Throwable t = failure; t != null && http == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException h) {
                http = h;
            }
        }
        if (http == null || (http.statusCode() != 400 && http.statusCode() != 422)) {
            return false;
        }
        String body = http.getMessage() == null ? "" : http.getMessage();
        String said = body;
        try {
            JsonNode json = MAPPER.readTree(body);
            JsonNode error = json.path("error").isObject() ? json.path("error") : json;
            if ("response_format".equals(error.path("param").asText())) {
                return true;
            }
            said = error.path("message").asText(body) + " " + error.path("detail").toString();
        } catch (IOException | RuntimeException notJson) {
            // a plain-text error: read what it says
        }
        String s = said.toLowerCase(Locale.ROOT);
        return s.contains("response_format") || s.contains("json_schema") || s.contains("response format");
    }
}
