package org.toolboxai.web.internal;

import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAPI 3.0 schemas of the Java types routes read and answer. Properties are found by the REST
 * codec's own mapper, so the names are the ones it writes (snake_case, renames, ignored fields),
 * not guessed from the Java names. Records and other objects become named components.
 */
final class JsonSchemas {

    private static final String REF = "#/components/schemas/";

    private final ObjectMapper mapper;
    private final ObjectNode components;
    private final Map<JavaType, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    JsonSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
        this.components = mapper.createObjectNode();
    }

    /** The named schemas met so far, for {@code components.schemas}. */
    ObjectNode components() {
        return components;
    }

    /** The schema of a type: inline for scalars, arrays and maps, a reference for objects. */
    ObjectNode of(Type type) {
        return schema(mapper.constructType(type));
    }

    /** Adds a schema under a name of the caller's choosing (one no type is named after). */
    ObjectNode ref(String name, ObjectNode schema) {
        taken.add(name);
        components.set(name, schema);
        return reference(name);
    }

    private ObjectNode schema(JavaType type) {
        Class<?> raw = type.getRawClass();
        ObjectNode scalar = scalar(raw);
        if (scalar != null) {
            return scalar;
        }
        if (type.isEnumType()) {
            ObjectNode schema = typed("string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                // as the codec writes it (a @JsonValue or @JsonProperty wins over the name)
                values.add(mapper.valueToTree(constant).asText());
            }
            return schema;
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            ObjectNode schema = typed("array");
            schema.set("items", schema(type.getContentType()));
            return schema;
        }
        if (type.isMapLikeType()) {
            ObjectNode schema = typed("object");
            schema.set("additionalProperties", schema(type.getContentType()));
            return schema;
        }
        if (type.isReferenceType()) {
            return schema(type.getContentType());
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.isInterface()
                || Modifier.isAbstract(raw.getModifiers())) {
            // what is written depends on the value at run time: any JSON
            return mapper.createObjectNode();
        }
        return object(type);
    }

    private ObjectNode object(JavaType type) {
        String known = names.get(type);
        if (known != null) {
            return reference(known);
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        AnnotatedMember value = bean.findJsonValueAccessor();
        if (value != null) {
            return schema(value.getType());
        }
        String name = nameOf(type);
        names.put(type, name);
        ObjectNode schema = typed("object");
        // registered before its properties, so a type that contains itself refers to itself
        components.set(name, schema);
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (!property.couldSerialize()) {
                continue;
            }
            JavaType propertyType = property.getPrimaryType();
            properties.set(property.getName(), schema(propertyType));
            // the codec omits nulls, so only primitives are always there (and refused when missing)
            if (propertyType.isPrimitive()) {
                required.add(property.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return reference(name);
    }

    private String nameOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        StringBuilder name = new StringBuilder(raw.getSimpleName().isEmpty() ? "Anonymous" : raw.getSimpleName());
        for (int i = 0; i < type.containedTypeCount(); i++) {
            name.append(i == 0 ? "Of" : "And").append(type.containedType(i).getRawClass().getSimpleName());
        }
        String candidate = name.toString();
        if (taken.contains(candidate) && raw.getEnclosingClass() != null) {
            // two bundles' TokenView: the enclosing class tells them apart
            candidate = raw.getEnclosingClass().getSimpleName() + "." + candidate;
        }
        String unique = candidate;
        for (int n = 2; taken.contains(unique); n++) {
            unique = candidate + "_" + n;
        }
        taken.add(unique);
        return unique;
    }

    private ObjectNode scalar(Class<?> raw) {
        if (raw == String.class || CharSequence.class.isAssignableFrom(raw) || raw == char.class
                || raw == Character.class || raw == URL.class) {
            return typed("string");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return typed("boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return typed("integer").put("format", "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return typed("integer").put("format", "int64");
        }
        if (raw == BigInteger.class) {
            return typed("integer");
        }
        if (raw == float.class || raw == Float.class) {
            return typed("number").put("format", "float");
        }
        if (raw == double.class || raw == Double.class) {
            return typed("number").put("format", "double");
        }
        if (raw == BigDecimal.class || raw == Number.class) {
            return typed("number");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class
                || raw == LocalDateTime.class || raw == Date.class) {
            return typed("string").put("format", "date-time");
        }
        if (raw == LocalDate.class) {
            return typed("string").put("format", "date");
        }
        if (raw == Duration.class) {
            // the codec writes durations as seconds unless configured otherwise
            return mapper.isEnabled(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS) ? typed("number")
                    : typed("string");
        }
        if (raw == UUID.class) {
            return typed("string").put("format", "uuid");
        }
        if (raw == URI.class) {
            return typed("string").put("format", "uri");
        }
        if (raw == byte[].class) {
            return typed("string").put("format", "byte");
        }
        return null;
    }

    private ObjectNode typed(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private ObjectNode reference(String name) {
        return mapper.createObjectNode().put("$ref", REF + name);
    }
}
