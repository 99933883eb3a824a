package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;

/** The one JSON configuration of the REST API: snake_case names, ISO-8601 times, strict input. */
public final class JsonCodec {

    private static final String UNKNOWN_FIELDS = "toolbox.unknownFields";

    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // an enum's toString() is its wire name (the API has no Jackson annotations); it
            // is the constant's name unless the enum says otherwise, e.g. ScriptKind's "server"
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .addHandler(new UnknownFieldCollector())
            .build();

    /** The configured mapper, for callers that stream. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Serialises a value. */
    public byte[] write(Object value) throws JsonProcessingException {
        return mapper.writeValueAsBytes(value);
    }

    /**
     * Reads a request body. Every unknown field, at any depth, is listed in one 400; when the body
     * type checks itself as it is read (a {@code @JsonDeserialize(converter = ...)} that throws
     * {@link ProblemException#invalid}), its findings are listed in the same 400, so a typo in a
     * field name does not hide the invalid values.
     *
     * @throws ProblemException 400 naming the fields or the position that are wrong
     */
    public <T> T read(byte[] body, Class<T> type) {
        List<FieldError> unknown = new ArrayList<>();
        T value = read(body, type, unknown);
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(unknown);
        }
        return value;
    }

    /**
     * Reads a request body like {@link #read(byte[], Class)}, but adds the unknown fields to
     * {@code unknown} instead of refusing them, for a caller that lists them with its own findings.
     */
    public <T> T read(byte[] body, Class<T> type, List<FieldError> unknown) {
        T value;
        try {
            value = mapper.readerFor(type).withAttribute(UNKNOWN_FIELDS, unknown).readValue(body);
        } catch (ProblemException e) {
            throw withUnknown(unknown, e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ProblemException checked) {
                throw withUnknown(unknown, checked);
            }
            if (e.getPath().isEmpty()) {
                throw ProblemException.badRequest("The request body is not a valid " + type.getSimpleName()
                        + ": " + firstLine(e.getOriginalMessage()));
            }
            // binding stops at a value of the wrong type: it is listed with the unknown fields met before it
            unknown.add(new FieldError(path(e), firstLine(e.getOriginalMessage())));
            throw ProblemException.invalid(unknown);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ProblemException.badRequest("Malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ProblemException.badRequest("The request body could not be read: " + e.getMessage());
        }
        if (value == null) {
            throw ProblemException.badRequest("The request body must be a JSON object, not null.");
        }
        return value;
    }

    /** The unknown fields first, then what the body type found wrong with its values. */
    private static ProblemException withUnknown(List<FieldError> unknown, ProblemException e) {
        if (unknown.isEmpty()) {
            return e;
        }
        List<FieldError> all = new ArrayList<>(unknown);
        if (e.problem().extensions().get("errors") instanceof List<?> found) {
            for (Object error : found) {
                if (error instanceof FieldError fieldError) {
                    all.add(fieldError);
                }
            }
        }
        return ProblemException.invalid(all);
    }

    /**
     * Notes an unknown field and skips it, so reading goes on and every unknown field, and the
     * body type's own checks, are reported together. Only for {@link #read}: other readers of
     * the mapper have no list, and unknown fields fail them at once.
     */
    private static final class UnknownFieldCollector extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            if (!(ctxt.getAttribute(UNKNOWN_FIELDS) instanceof List<?> list)) {
                return false;
            }
            List<String> allowed = new ArrayList<>();
            if (deserializer != null && deserializer.getKnownPropertyNames() != null) {
                deserializer.getKnownPropertyNames().forEach(name -> allowed.add(String.valueOf(name)));
            }
            @SuppressWarnings("unchecked")
            List<FieldError> unknown = (List<FieldError>) list;
            unknown.add(new FieldError(path(ctxt, p, propertyName), "unknown field; allowed: " + allowed));
            p.skipChildren();
            return true;
        }
    }

    /** The RFC 9457 members of a problem, extensions flattened beside them. */
    public static Map<String, Object> problemMembers(Problem problem, String instance, String requestId) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.type());
        members.put("title", problem.title());
        members.put("status", problem.status());
        if (problem.detail() != null) {
            members.put("detail", problem.detail());
        }
        if (instance != null) {
            members.put("instance", instance);
        }
        if (requestId != null) {
            members.put("request_id", requestId);
        }
        problem.extensions().forEach(members::putIfAbsent);
        return members;
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add("[" + ref.getIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    /** {@code items[1].bogus}: the JSON path of an unknown field. */
    private static String path(DeserializationContext ctxt, JsonParser p, String name) {
        JsonParser real = ctxt.getParser();
        if (p != real) {
            // a record meets the unknown fields before its last creator parameter only once it is
            // built, replayed from a buffer that has lost their place; the real parser then stands
            // on the object's next field name, or past its end, in the container
            JsonStreamContext owner = real.currentToken() == JsonToken.FIELD_NAME
                    ? real.getParsingContext().getParent() : real.getParsingContext();
            String ownerPath = path(owner);
            return ownerPath.isEmpty() ? name : ownerPath + "." + name;
        }
        // the parser stands on the field's value; an object or array value has opened a context of its own
        JsonStreamContext context = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        return path(context);
    }

    /** {@code items[1].bogus}: where a parser context stands, from the root. */
    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable value";
        }
        if (message.contains("FAIL_ON_NULL_FOR_PRIMITIVES")) {
            return "required";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
