package org.toolboxai.coordinator.workflow.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

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
import org.toolboxai.api.workflow.RunPage;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.RunSummary;
import org.toolboxai.api.workflow.TemplateInfo;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/** {@code /api/v1/workflows} and {@code /api/v1/workflow-templates}. Callers see their own runs; admins see all. */
@Component(service = ApiEndpoint.class)
public class WorkflowEndpoint implements ApiEndpoint {

    /** Body of {@code POST /api/v1/workflows}. */
    public record CreateRequest(String template, Map<String, Object> parameters) {
    }

    /** Answer of {@code GET /api/v1/workflows}. */
    public record RunList(List<RunSummary> runs, long total, int offset, int limit) {
    }

    /** Answer of {@code GET /api/v1/workflow-templates}. */
    public record TemplateList(List<TemplateInfo> templates) {
    }

    private final WorkflowService workflows;

    /** Serves the workflow service. */
    @Activate
    public WorkflowEndpoint(@Reference WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/workflows", Role.TEACHER, this::create)
                        .described("Start a run of a template; 429 with Retry-After when the queue is full",
                                CreateRequest.class, WorkflowRun.class).withStatus(201),
                ApiRoute.get("/workflows", Role.VIEWER, this::list)
                        .described("Runs, newest first: your own (admins: all)", null, RunList.class)
                        .withQuery("state", RunState.class, "only runs in this state")
                        .withQuery("template", String.class, "only runs of this template")
                        .withQuery("owner", String.class, "admins only: only runs of this owner")
                        .withQuery("offset", Integer.class, "runs to skip, default 0")
                        .withQuery("limit", Integer.class, "runs to answer, 1-200, default 50"),
                ApiRoute.get("/workflows/{id}", Role.VIEWER, r -> ApiResponse.ok(visible(r)))
                        .described("A run: steps, states, outputs, errors, progress, ETA, what it waits for", null,
                                WorkflowRun.class),
                ApiRoute.post("/workflows/{id}/pause", Role.TEACHER, r -> control(r, WorkflowService::pause))
                        .described("Start no more steps of the run", null, WorkflowRun.class),
                ApiRoute.post("/workflows/{id}/resume", Role.TEACHER, r -> control(r, WorkflowService::resume))
                        .described("Continue a paused run", null, WorkflowRun.class),
                ApiRoute.post("/workflows/{id}/cancel", Role.TEACHER, r -> control(r, WorkflowService::cancel))
                        .described("Stop the run; running steps are asked to stop", null, WorkflowRun.class),
                ApiRoute.get("/workflow-templates", Role.VIEWER, r -> ApiResponse.ok(new TemplateList(workflows.templates())))
                        .described("Templates with their parameters and steps", null, TemplateList.class));
    }

    private ApiResponse create(ApiRequest request) {
        // unknown fields are listed with the template's own findings, in one 400
        List<FieldError> problems = new ArrayList<>();
        CreateRequest body = request.body(CreateRequest.class, problems);
        if (body.template() == null || body.template().isBlank()) {
            problems.add(new FieldError("template", "required: a template name, see GET /api/v1/workflow-templates"));
        } else if (!problems.isEmpty()) {
            problems.addAll(workflows.check(body.template(), body.parameters()));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        try {
            WorkflowRun run = workflows.create(body.template(), body.parameters(), request.requireCaller().name());
            return ApiResponse.created("/api/v1/workflows/" + run.id(), run);
        } catch (WorkflowException e) {
            throw problem(e);
        }
    }

    private ApiResponse list(ApiRequest request) {
        Caller caller = request.requireCaller();
        RunState state = request.query("state").map(s -> {
            try {
                return RunState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(List.of(new FieldError("state", "one of " + List.of(RunState.values()))));
            }
        }).orElse(null);
        int offset = intQuery(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intQuery(request, "limit", 50, 1, 200);
        String owner = caller.has(Role.ADMIN) ? request.query("owner").orElse(null) : caller.name();
        try {
            RunPage page = workflows.list(new RunQuery(owner, state, request.query("template").orElse(null), offset, limit));
            return ApiResponse.ok(new RunList(page.runs(), page.total(), offset, limit));
        } catch (WorkflowException e) {
            throw problem(e);
        }
    }

    private WorkflowRun visible(ApiRequest request) {
        String id = request.pathParam("id");
        Caller caller = request.requireCaller();
        WorkflowRun run;
        try {
            run = workflows.find(id).orElse(null);
        } catch (WorkflowException e) {
            throw problem(e);
        }
        if (run == null || !(caller.has(Role.ADMIN) || run.owner().equals(caller.name()))) {
            throw ProblemException.notFound("No workflow run " + id + " is visible to you.");
        }
        return run;
    }

    private ApiResponse control(ApiRequest request, BiFunction<WorkflowService, String, WorkflowRun> action) {
        WorkflowRun run = visible(request);
        try {
            return ApiResponse.ok(action.apply(workflows, run.id()));
        } catch (WorkflowException e) {
            throw problem(e);
        }
    }

    private static int intQuery(ApiRequest request, String name, int fallback, int min, int max) {
        return (int) longQuery(request, name, fallback, min, max);
    }

    /** A whole-number query parameter within bounds, or a 400 naming it. */
    static long longQuery(ApiRequest request, String name, long fallback, long min, long max) {
        String value = request.query(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError(name, "a whole number from " + min + " to " + max)));
        }
    }

    static ProblemException problem(WorkflowException e) {
        return e.toProblem(5);
    }
}
