package org.toolboxai.agents.internal;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON as the API speaks it (snake_case), between records, maps and model answers. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // the API's enums by their snake_case wire names (each constant's toString())
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .build();

    /**
     * Reads workflow parameters into the API's records: enums by their snake_case wire names (each
     * constant's {@code toString()}: the api bundle has no Jackson annotations), unknown words as null.
     */
    static final ObjectMapper REQUESTS = MAPPER.copy()
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    private Json() {
    }

    /** A record as a JSON-friendly map. */
    static Map<String, Object> map(Object value) {
        return MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() { });
    }

    /** A value as JSON text, for prompts. */
    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** A map (or list) as a record. */
    static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    static <T> T convert(Object value, TypeReference<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** A model's answer as a record; the message names what is wrong. */
    static <T> T parse(String text, TypeReference<T> type) throws InvalidOutput {
        String json = stripFences(text);
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidOutput("the answer was null, not the JSON asked for");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidOutput("the answer is not the JSON asked for: " + e.getOriginalMessage());
        }
    }

    /** Models like to wrap JSON in Markdown code fences. */
    static String stripFences(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("```")) {
            int firstLine = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (firstLine > 0 && end > firstLine) {
                return t.substring(firstLine + 1, end).trim();
            }
        }
        return t;
    }

    /** Why a model answer was refused; its message is fed back to the model. */
    static final class InvalidOutput extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOutput(String message) {
            super(message);
        }
    }
}
