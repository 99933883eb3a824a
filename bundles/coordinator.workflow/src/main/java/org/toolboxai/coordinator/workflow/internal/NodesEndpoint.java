package org.toolboxai.coordinator.workflow.internal;

import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;

/**
 * What any node answers about the others: {@code GET /api/v1/nodes} (admins) and a run's
 * persisted state changes, {@code GET /api/v1/workflows/{id}/events?after=N}, so a client that
 * follows a run can ask any node for what happened since the last sequence number it saw.
 */
@Component(service = ApiEndpoint.class)
public class NodesEndpoint implements ApiEndpoint {

    /** Answer of {@code GET /api/v1/nodes}. */
    public record NodeList(String self, List<NodeView> nodes) {
    }

    /** One state change of a run ({@code step} null) or of one of its steps. */
    public record RunEvent(long seq, Instant at, String step, String state, Integer attempt, String error, String node) {
    }

    /** Answer of {@code GET /api/v1/workflows/{id}/events}: the events in order and the sequence number to ask after next. */
    public record RunEventList(String run, List<RunEvent> events, long last) {
    }

    private final WorkflowEngine engine;

    /** Serves the engine's node list and event log. */
    @Activate
    public NodesEndpoint(@Reference WorkflowEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/nodes", Role.ADMIN, r -> ApiResponse.ok(new NodeList(engine.nodeId(), nodes())))
                        .described("The nodes sharing the database: state (up, stale, stopped), last heartbeat, load",
                                null, NodeList.class),
                ApiRoute.get("/workflows/{id}/events", Role.VIEWER, this::events)
                        .described("A run's state changes in order, from any node; ask again with after= the last seq", null,
                                RunEventList.class)
                        .withQuery("after", Long.class, "only events with a greater sequence number, default 0")
                        .withQuery("limit", Integer.class, "events to answer, 1-1000, default 500"));
    }

    private List<NodeView> nodes() {
        try {
            return engine.nodes();
        } catch (WorkflowException e) {
            throw WorkflowEndpoint.problem(e);
        }
    }

    private ApiResponse events(ApiRequest request) {
        String id = request.pathParam("id");
        Caller caller = request.requireCaller();
        long after = WorkflowEndpoint.longQuery(request, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) WorkflowEndpoint.longQuery(request, "limit", 500, 1, 1000);
        try {
            WorkflowRun run = engine.find(id).orElse(null);
            if (run == null || !(caller.has(Role.ADMIN) || run.owner().equals(caller.name()))) {
                throw ProblemException.notFound("No workflow run " + id + " is visible to you.");
            }
            List<RunEvent> events = engine.events(id, after, limit).stream()
                    .map(e -> new RunEvent(e.seq(), Instant.ofEpochMilli(e.at()), e.stepId(), e.state(), e.attempt(), e.error(), e.nodeId()))
                    .toList();
            return ApiResponse.ok(new RunEventList(id, events, events.isEmpty() ? after : events.get(events.size() - 1).seq()));
        } catch (WorkflowException e) {
            throw WorkflowEndpoint.problem(e);
        }
    }
}
