package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * {@code /api/v1/components/registry}: Studio plugins and external workers register, send
 * heartbeats and leave; everyone signed in sees who is registered and who is down.
 */
@Component(service = ApiEndpoint.class)
public class RegistryEndpoint implements ApiEndpoint {

    /** What a component sends to register. */
    public record Registration(String kind, String name, String version, Integer ttlSeconds, JsonNode details) {
    }

    /** A registered component as answered. */
    public record ComponentView(String id, String kind, String name, String version, String owner, Instant registeredAt,
            Instant heartbeatAt, int ttlSeconds, String state, JsonNode details, String heartbeat) {

        static ComponentView of(Components.Registered r) {
            JsonNode details;
            try {
                details = JSON.readTree(r.details());
            } catch (Exception e) {
                details = JSON.createObjectNode();
            }
            return new ComponentView(r.id(), r.kind(), r.name(), r.version(), r.owner(), Instant.ofEpochMilli(r.registeredAt()),
                    Instant.ofEpochMilli(r.heartbeatAt()), r.ttlSeconds(), r.state(), details,
                    "/api/v1/components/registry/" + r.id() + "/heartbeat");
        }
    }

    /** The registry. */
    public record RegistryList(List<ComponentView> components) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._:/()-]{1,200}");
    private static final List<String> KINDS = List.of("plugin", "worker");

    private final ComponentRegistryService registry;

    @Activate
    public RegistryEndpoint(@Reference ComponentRegistryService registry) {
        this.registry = registry;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/components/registry", Role.VIEWER, r -> ApiResponse.ok(new RegistryList(list())))
                        .described("Registered nodes, Studio plugins and workers, with their state (up, down)", null, RegistryList.class),
                ApiRoute.post("/components/registry", Role.VIEWER, this::register).withStatus(201)
                        .described("Register a Studio plugin or worker; it must send a heartbeat within ttl_seconds (10-3600, "
                                + "default 60) or be marked down", Registration.class, ComponentView.class),
                new ApiRoute("PUT", "/components/registry/{id}/heartbeat", Role.VIEWER, this::heartbeat)
                        .described("A heartbeat: the component is up for another ttl_seconds", null, ComponentView.class),
                ApiRoute.delete("/components/registry/{id}", Role.VIEWER, this::remove).withStatus(204)
                        .described("The component leaves the registry", null, null));
    }

    private List<ComponentView> list() {
        try {
            return registry.components().all().stream().map(ComponentView::of).toList();
        } catch (SQLException e) {
            throw ProblemException.unavailable("The component registry cannot be read now; try again shortly.");
        }
    }

    private ApiResponse register(ApiRequest request) {
        Caller caller = request.requireCaller();
        List<FieldError> errors = new ArrayList<>();
        Registration body = request.body(Registration.class, errors);
        if (body.kind() == null || !KINDS.contains(body.kind())) {
            errors.add(new FieldError("kind", "required: one of " + KINDS + " (nodes register themselves)"));
        }
        if (body.name() == null || !NAME.matcher(body.name()).matches()) {
            errors.add(new FieldError("name", "required: 1-200 letters, digits, spaces and ._:/()-"));
        }
        if (body.version() != null && body.version().length() > 50) {
            errors.add(new FieldError("version", "at most 50 characters"));
        }
        int ttl = body.ttlSeconds() == null ? 60 : body.ttlSeconds();
        if (ttl < 10 || ttl > 3600) {
            errors.add(new FieldError("ttl_seconds", "10-3600 seconds"));
        }
        String details = body.details() == null ? "{}" : body.details().toString();
        if (body.details() != null && !body.details().isObject()) {
            errors.add(new FieldError("details", "a JSON object"));
        } else if (details.length() > 4000) {
            errors.add(new FieldError("details", "at most 4000 characters as JSON"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String id = body.kind() + "-" + UUID.randomUUID();
        try {
            if (registry.components().countOwnedBy(caller.name()) >= ComponentRegistryService.MAX_PER_OWNER) {
                throw ProblemException.tooManyRequests("You have " + ComponentRegistryService.MAX_PER_OWNER
                        + " components registered; remove some (DELETE) before registering more.", 60);
            }
            Components.Registered registered = registry.components().register(id, body.kind(), body.name(), body.version(),
                    caller.name(), ttl, details);
            registry.changed(registered, "registered");
            return ApiResponse.created("/api/v1/components/registry/" + id, ComponentView.of(registered));
        } catch (SQLException e) {
            throw ProblemException.unavailable("The component registry cannot be written now; try again shortly.");
        }
    }

    private ApiResponse heartbeat(ApiRequest request) {
        Components.Registered component = owned(request);
        try {
            String before = registry.components().heartbeat(component.id()).orElseThrow(() -> gone(component.id()));
            Components.Registered now = registry.components().find(component.id()).orElseThrow(() -> gone(component.id()));
            if ("down".equals(before)) {
                registry.changed(now, "up");
            }
            return ApiResponse.ok(ComponentView.of(now));
        } catch (SQLException e) {
            throw ProblemException.unavailable("The component registry cannot be written now; try again shortly.");
        }
    }

    private ApiResponse remove(ApiRequest request) {
        Components.Registered component = owned(request);
        try {
            if (registry.components().remove(component.id())) {
                registry.changed(new Components.Registered(component.id(), component.kind(), component.name(), component.version(),
                        component.owner(), component.registeredAt(), component.heartbeatAt(), component.ttlSeconds(), "gone",
                        component.details()), "removed");
            }
            return ApiResponse.noContent();
        } catch (SQLException e) {
            throw ProblemException.unavailable("The component registry cannot be written now; try again shortly.");
        }
    }

    /** The component named in the path, if the caller registered it (or is an admin); nodes are nobody's to change. */
    private Components.Registered owned(ApiRequest request) {
        Caller caller = request.requireCaller();
        String id = request.pathParam("id");
        Components.Registered component;
        try {
            component = registry.components().find(id).orElseThrow(() -> gone(id));
        } catch (SQLException e) {
            throw ProblemException.unavailable("The component registry cannot be read now; try again shortly.");
        }
        if (caller.has(Role.ADMIN)) {
            return component;
        }
        if ("node".equals(component.kind()) || !caller.name().equals(component.owner())) {
            throw new ProblemException(org.toolboxai.api.http.Problem.of(403, "Forbidden", "Component " + id
                    + " was registered by someone else (or is a node); only they or an admin send its heartbeats or remove it."));
        }
        return component;
    }

    private static ProblemException gone(String id) {
        return ProblemException.notFound("No component " + id + " is registered (it may have left, or never registered).");
    }
}
