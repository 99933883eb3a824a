package org.toolboxai.coordinator.main.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.component.ComponentInfo;
import org.toolboxai.api.component.ComponentRegistry;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Role;

/** {@code GET /api/v1/components} and {@code GET /api/v1/components/{name}}. */
@Component(service = ApiEndpoint.class)
public class ComponentsEndpoint implements ApiEndpoint {

    /** Answer of {@code GET /api/v1/components}. */
    public record ComponentList(List<ComponentInfo> components) {
    }

    private final ComponentRegistry registry;

    /** Serves the registry. */
    @Activate
    public ComponentsEndpoint(@Reference ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/components", Role.VIEWER, r -> ApiResponse.ok(new ComponentList(registry.components())))
                        .described("Installed toolbox bundles: versions, states, services", null, ComponentList.class),
                ApiRoute.get("/components/{name}", Role.VIEWER, r -> {
                    String name = r.pathParam("name");
                    ComponentInfo info = registry.components().stream()
                            .filter(c -> c.symbolicName().equals(name) || c.symbolicName().equals(ComponentInventory.PREFIX + "." + name))
                            .findFirst()
                            .orElseThrow(() -> ProblemException.notFound("No toolbox component named '" + name + "' is installed."));
                    return ApiResponse.ok(info);
                }).described("One toolbox bundle, by symbolic name or its last part", null, ComponentInfo.class));
    }
}
