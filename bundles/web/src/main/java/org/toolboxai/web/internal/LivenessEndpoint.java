package org.toolboxai.web.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;

/**
 * {@code GET /api/v1/health/live}, public: 200 whenever the REST servlet answers at all, so an
 * orchestrator restarts the process only when the JVM or HTTP is gone. It lives in this bundle,
 * beside the servlet, not beside health: it answers while the main coordinator is stopped or
 * restarting, which is no reason to restart the process.
 */
@Component(service = ApiEndpoint.class)
public class LivenessEndpoint implements ApiEndpoint {

    /** The answer's body. */
    public record Liveness(boolean live) {
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/health/live", null,
                request -> ApiResponse.ok(new Liveness(true)).withHeader("Cache-Control", "no-store"))
                .described("200 whenever the REST servlet answers (liveness probe)", null, Liveness.class));
    }
}
