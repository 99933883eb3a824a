package org.toolboxai.swarm.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.swarm.Verification;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * {@code GET /api/v1/content/{id}/verification}: what the swarm checked in a package, per question
 * (solvers, answers, agreement, decision) and per consensus (votes, scores, outcome). Served while the
 * swarm is installed; the record itself is kept in the package, so it outlives an uninstall.
 */
@Component(service = ApiEndpoint.class)
public class SwarmEndpoint implements ApiEndpoint {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ContentService content;

    /**
     * The verification as served.
     *
     * @param contentId the package
     * @param verification what the swarm checked
     */
    public record VerificationView(String contentId, Verification verification) {
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/content/{id}/verification", Role.VIEWER, this::show)
                .described("What the swarm verified in a package: per question the solvers, their answers, the agreement "
                        + "with the key and the decision; per consensus the votes, scores and outcome", null, VerificationView.class));
    }

    private ApiResponse show(ApiRequest request) {
        ContentService service = content;
        if (service == null) {
            throw ProblemException.unavailable("The content coordinator is not running.");
        }
        String id = request.pathParam("id");
        Caller caller = request.requireCaller();
        ContentJob job;
        try {
            job = service.find(id, caller.has(Role.ADMIN) ? null : caller.name())
                    .orElseThrow(() -> ProblemException.notFound("No content " + id + " is visible to you."));
        } catch (WorkflowException e) {
            throw e.toProblem(service.retryAfterSeconds());
        }
        if (job.contentPackage() == null) {
            throw ProblemException.conflict("Content " + id + " has no package yet (state " + job.state()
                    + "); its verification is part of the package. GET /api/v1/content/" + id + " shows its progress.");
        }
        Verification v = job.contentPackage().verification();
        return ApiResponse.ok(new VerificationView(id, v != null ? v
                : Verification.notVerified("This package was made before the swarm kept verification records.")));
    }
}
