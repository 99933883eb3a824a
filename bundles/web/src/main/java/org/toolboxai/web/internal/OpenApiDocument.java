package org.toolboxai.web.internal;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.RouteDescription;

/**
 * {@code GET /api/v1/openapi.json}: an OpenAPI 3.0.3 document of the routes served at that moment,
 * built from their {@link RouteDescription}s, so it changes as bundles come and go. Built once per
 * change of the route table.
 */
final class OpenApiDocument {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiDocument.class);
    private static final String PROBLEM_JSON = ProblemWriter.PROBLEM_JSON;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String RESPONSES = "#/components/responses/";

    private final ObjectMapper mapper;
    private final Supplier<List<ApiRoute>> routes;
    private final Supplier<String> version;
    private volatile Built built;

    /** The document of one route table. */
    private record Built(List<ApiRoute> routes, byte[] json) {
    }

    OpenApiDocument(ObjectMapper mapper, Supplier<List<ApiRoute>> routes, Supplier<String> version) {
        this.mapper = mapper;
        this.routes = routes;
        this.version = version;
    }

    /** The public route serving the document. */
    ApiRoute route() {
        return ApiRoute.get("/openapi.json", null, request -> ApiResponse.ok(
                new ApiResponse.BinaryBody(ApiRoute.JSON, null, json())).withHeader("Cache-Control", "no-cache"))
                .described("This document: the routes served now, their parameters, bodies and errors", null, Map.class);
    }

    /** The document of the routes served now, built again only when they changed. */
    byte[] json() throws JsonProcessingException {
        List<ApiRoute> now = routes.get();
        Built last = built;
        if (last != null && last.routes() == now) {
            return last.json();
        }
        byte[] json = mapper.writeValueAsBytes(document(now));
        built = new Built(now, json);
        return json;
    }

    /** The document of some routes. */
    ObjectNode document(List<ApiRoute> served) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "Toolbox Coordinator API").put("version", version.get())
                .put("description", "The routes of the bundles installed now. JSON names are snake_case; every error "
                        + "is an RFC 9457 problem (application/problem+json) with the request id.");
        doc.putArray("servers").addObject().put("url", "/api/v1");
        JsonSchemas schemas = new JsonSchemas(mapper);
        ObjectNode paths = doc.putObject("paths");
        Set<String> operationIds = new HashSet<>();
        List<ApiRoute> sorted = served.stream().filter(r -> METHODS.contains(r.method().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(ApiRoute::path)
                        .thenComparing(r -> METHODS.indexOf(r.method().toLowerCase(Locale.ROOT))))
                .toList();
        for (ApiRoute route : sorted) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route, schemas, operationIds));
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("basic").put("type", "http").put("scheme", "basic")
                .put("description", "A user of the JAAS realm (etc/users.properties)");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "An API token (tbx_...), issued by an administrator");
        components.set("responses", errorResponses(schemas));
        components.set("schemas", schemas.components());
        return doc;
    }

    private ObjectNode operation(ApiRoute route, JsonSchemas schemas, Set<String> operationIds) {
        RouteDescription about = route.description();
        ObjectNode op = mapper.createObjectNode();
        op.put("operationId", operationId(route, operationIds));
        if (about.summary() != null) {
            op.put("summary", about.summary());
        }
        op.putArray("tags").add(tag(route.path()));
        ArrayNode parameters = mapper.createArrayNode();
        for (String segment : route.path().split("/")) {
            if (segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")) {
                parameters.addObject().put("name", segment.substring(1, segment.length() - 1)).put("in", "path")
                        .put("required", true).putObject("schema").put("type", "string");
            }
        }
        for (RouteDescription.QueryParameter query : about.queryParameters()) {
            ObjectNode parameter = parameters.addObject().put("name", query.name()).put("in", "query");
            if (query.description() != null) {
                parameter.put("description", query.description());
            }
            parameter.set("schema", guarded(route, schemas, query.type() == null ? String.class : query.type()));
        }
        if (!parameters.isEmpty()) {
            op.set("parameters", parameters);
        }
        if (about.requestType() != null) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.putObject("content").putObject(ApiRoute.JSON).set("schema", guarded(route, schemas, about.requestType()));
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(about.status())).put("description", reason(about.status()));
        if (about.status() != 204) {
            if (!route.produces().equals(ApiRoute.JSON)) {
                success.putObject("content").putObject(route.produces()).putObject("schema").put("type", "string")
                        .put("format", "binary");
            } else if (about.responseType() != null) {
                success.putObject("content").putObject(ApiRoute.JSON).set("schema",
                        guarded(route, schemas, about.responseType()));
            }
        }
        if (about.requestType() != null) {
            refer(responses, "400", "BadRequest");
            refer(responses, "413", "ContentTooLarge");
            refer(responses, "415", "UnsupportedMediaType");
        }
        ArrayNode security = op.putArray("security");
        if (route.role() == null) {
            // public, and credentials are still read: authenticated callers may see more
            security.addObject();
        } else {
            refer(responses, "401", "Unauthorized");
            refer(responses, "403", "Forbidden");
            refer(responses, "429", "TooManyRequests");
            op.put("description", "Needs the role " + route.role().id() + " or a higher one.");
            op.put("x-toolbox-role", route.role().id());
        }
        security.addObject().putArray("basic");
        security.addObject().putArray("bearer");
        refer(responses, "default", "Problem");
        return op;
    }

    /** A type's schema; a type the codec cannot introspect must not cost the whole document. */
    private ObjectNode guarded(ApiRoute route, JsonSchemas schemas, Class<?> type) {
        try {
            return schemas.of(type);
        } catch (RuntimeException e) {
            LOG.warn("No schema for {} of {} {}: {}", type.getName(), route.method(), route.path(), e.toString());
            return mapper.createObjectNode();
        }
    }

    private void refer(ObjectNode responses, String status, String name) {
        responses.putObject(status).put("$ref", RESPONSES + name);
    }

    private ObjectNode errorResponses(JsonSchemas schemas) {
        ObjectNode problem = mapper.createObjectNode().put("type", "object")
                .put("description", "An RFC 9457 problem; further members may follow");
        problem.putArray("required").add("type").add("title").add("status");
        ObjectNode members = problem.putObject("properties");
        members.putObject("type").put("type", "string").put("description", "URI of the problem type; about:blank when the status says it all");
        members.putObject("title").put("type", "string");
        members.putObject("status").put("type", "integer").put("format", "int32");
        members.putObject("detail").put("type", "string").put("description", "What happened, for a person to act on");
        members.putObject("instance").put("type", "string");
        members.putObject("request_id").put("type", "string").put("description", "As in X-Request-Id and the server's log");
        members.putObject("errors").put("type", "array").put("description", "Every invalid field of a 400")
                .set("items", schemas.of(FieldError.class));
        ObjectNode problemRef = schemas.ref("Problem", problem);

        ObjectNode responses = mapper.createObjectNode();
        error(responses, "Problem", "An error, as a problem", problemRef);
        error(responses, "BadRequest", "Malformed JSON or invalid fields, all listed in errors", problemRef);
        error(responses, "ContentTooLarge", "The body is over the limit", problemRef);
        error(responses, "UnsupportedMediaType", "The body is not JSON", problemRef);
        error(responses, "Unauthorized", "No or wrong credentials", problemRef).putObject("headers")
                .putObject("WWW-Authenticate").put("description", "The accepted schemes")
                .putObject("schema").put("type", "string");
        error(responses, "Forbidden", "The caller's role is too low, or it holds no toolbox role", problemRef);
        error(responses, "TooManyRequests", "Too many failed logins from this address", problemRef).putObject("headers")
                .putObject("Retry-After").put("description", "Seconds until the address may try again")
                .putObject("schema").put("type", "integer");
        return responses;
    }

    private ObjectNode error(ObjectNode responses, String name, String description, ObjectNode problemRef) {
        ObjectNode response = responses.putObject(name).put("description", description);
        response.putObject("content").putObject(PROBLEM_JSON).set("schema", problemRef.deepCopy());
        return response;
    }

    /** {@code getWorkflowsIdPause} for {@code GET /workflows/{id}/pause}; unique within the document. */
    private static String operationId(ApiRoute route, Set<String> taken) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String word : route.path().split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        String unique = id.toString();
        for (int n = 2; !taken.add(unique); n++) {
            unique = id + "_" + n;
        }
        return unique;
    }

    /** The first segment of the path groups the routes, as {@code health} or {@code workflows}. */
    private static String tag(String path) {
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                return segment;
            }
        }
        return "root";
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            default -> "Success";
        };
    }
}
