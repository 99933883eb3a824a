package org.toolboxai.agents.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import org.toolboxai.api.model.ResponseSchema;

/**
 * The JSON Schema of an answer, derived from the API record the agent parses it into, so the
 * schema a model is held to and the record it is read into cannot drift apart. The schema is in
 * the form OpenAI's strict structured outputs accept: every property required, no other
 * properties, property names as the API writes them (snake_case), enums by their wire names, and
 * a boxed number or boolean (the API's way of saying "optional") as {@code ["integer", "null"]}.
 */
final class AnswerSchemas {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final int MAX_DEPTH = 10;

    private AnswerSchemas() {
    }

    /** The schema of {@code type} as a request to a provider. */
    static ResponseSchema of(String name, Type type) {
        return of(name, schema(type));
    }

    /** A (possibly refined) schema tree as a request to a provider. */
    static ResponseSchema of(String name, Map<String, Object> schema) {
        return new ResponseSchema(name, Json.text(schema));
    }

    /** The schema of {@code type} as a mutable tree, for an agent to refine (an enum of the allowed question types ...). */
    static Map<String, Object> schema(Type type) {
        return schema(type, 0);
    }

    private static Map<String, Object> schema(Type type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("records nested deeper than " + MAX_DEPTH + " (a cycle?) at " + type);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Map<String, Object> array = new LinkedHashMap<>();
            array.put("type", "array");
            array.put("items", schema(p.getActualTypeArguments()[0], depth + 1));
            return array;
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        if (c == String.class) {
            s.put("type", "string");
        } else if (c == int.class || c == long.class || c == short.class) {
            s.put("type", "integer");
        } else if (c == Integer.class || c == Long.class || c == Short.class) {
            s.put("type", List.of("integer", "null"));
        } else if (c == double.class || c == float.class) {
            s.put("type", "number");
        } else if (c == Double.class || c == Float.class) {
            s.put("type", List.of("number", "null"));
        } else if (c == boolean.class) {
            s.put("type", "boolean");
        } else if (c == Boolean.class) {
            s.put("type", List.of("boolean", "null"));
        } else if (c.isEnum()) {
            s.put("type", "string");
            // the API's enums answer their wire name from toString()
            s.put("enum", Arrays.stream(c.getEnumConstants()).map(String::valueOf).toList());
        } else if (c.isRecord()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (RecordComponent component : c.getRecordComponents()) {
                properties.put(SNAKE_CASE.translate(component.getName()), schema(component.getGenericType(), depth + 1));
            }
            s.put("type", "object");
            s.put("properties", properties);
            s.put("required", new ArrayList<>(properties.keySet()));
            s.put("additionalProperties", false);
        } else {
            throw new IllegalArgumentException("no JSON schema for " + c.getName());
        }
        return s;
    }

    /** The sub-schema at a path of property names ({@code "questions", "type"}), array items stepped through. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> schema, String... path) {
        Map<String, Object> node = schema;
        for (String name : path) {
            while ("array".equals(node.get("type"))) {
                node = (Map<String, Object>) node.get("items");
            }
            Map<String, Object> properties = (Map<String, Object>) node.get("properties");
            if (properties == null || !(properties.get(name) instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("the schema has no property " + String.join(".", path));
            }
            node = (Map<String, Object>) properties.get(name);
        }
        return node;
    }
}
