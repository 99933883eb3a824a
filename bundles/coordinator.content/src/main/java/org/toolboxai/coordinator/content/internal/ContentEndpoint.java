package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunQuery;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * {@code /api/v1/content}: a teacher's request becomes an {@code educational_content} workflow run;
 * its last step's package is the answer, and the installed export formats turn it into files.
 */
@Component(service = ApiEndpoint.class, configurationPid = ContentConfig.PID)
@Designate(ocd = ContentConfig.class)
public class ContentEndpoint implements ApiEndpoint {

    /** The workflow template content requests run. */
    public static final String TEMPLATE = "educational_content";
    static final String PACKAGE_STEP = "integration_qa";
    private static final int MAX_WAIT_SECONDS = 120;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final WorkflowService workflows;
    private final List<ExportFormat> formats = new CopyOnWriteArrayList<>();
    private volatile ContentCache cache;
    private volatile int maxGenerations;

    /** Serves content through the workflow engine. */
    @Activate
    public ContentEndpoint(@Reference WorkflowService workflows, ContentConfig config) {
        this.workflows = workflows;
        modified(config);
    }

    /** New limits; a new cache. */
    @Modified
    void modified(ContentConfig config) {
        this.maxGenerations = config.max_generations();
        this.cache = new ContentCache(config.cache_size(), config.cache_minutes());
    }

    /** An export format appeared (the roblox bundle's, for instance). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFormat(ExportFormat format) {
        formats.add(format);
    }

    void removeFormat(ExportFormat format) {
        formats.remove(format);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/content", Role.TEACHER, this::create),
                ApiRoute.get("/content/{id}", Role.VIEWER, this::show),
                new ApiRoute("GET", "/content/{id}/export/{file}", Role.VIEWER, "*/*", this::export));
    }

    private ApiResponse create(ApiRequest request) throws InterruptedException {
        ContentRequest body = request.body(ContentRequest.class);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> parameters = body.toParameters(errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        int wait = waitSeconds(request);
        String owner = request.requireCaller().name();
        ContentCache known = cache;
        Optional<WorkflowRun> cached = known.find(owner, parameters).flatMap(workflows::find)
                .filter(r -> r.state() == RunState.COMPLETED);
        if (cached.isPresent()) {
            return ApiResponse.ok(contentPackage(cached.get())).withHeader("Location", "/api/v1/content/" + cached.get().id())
                    .withHeader("X-Cache", "hit");
        }
        long busy = count(RunState.RUNNING) + count(RunState.QUEUED);
        if (busy >= maxGenerations) {
            throw ProblemException.tooManyRequests((busy == 1 ? "1 generation is" : busy + " generations are")
                    + " under way (at most " + maxGenerations + " at once); try again shortly.", 10);
        }
        WorkflowRun run;
        try {
            run = workflows.create(TEMPLATE, parameters, owner);
        } catch (WorkflowException e) {
            throw problem(e);
        }
        known.remember(owner, parameters, run.id());
        String location = "/api/v1/content/" + run.id();
        run = awaitFinal(workflows, run, wait);
        if (run.state() == RunState.COMPLETED) {
            return ApiResponse.ok(contentPackage(run)).withHeader("Location", location).withHeader("X-Cache", "miss");
        }
        if (run.state().isFinal()) {
            known.forget(owner, parameters);
            throw failed(run);
        }
        return ApiResponse.accepted(location, status(run)).withHeader("Retry-After", "2").withHeader("X-Cache", "miss");
    }

    private ApiResponse show(ApiRequest request) {
        WorkflowRun run = visibleRun(request);
        if (run.state() == RunState.COMPLETED) {
            return ApiResponse.ok(contentPackage(run));
        }
        if (run.state().isFinal()) {
            throw failed(run);
        }
        return ApiResponse.status(202, status(run)).withHeader("Retry-After", "2");
    }

    private ApiResponse export(ApiRequest request) throws Exception {
        String file = request.pathParam("file");
        ExportFormat format = formats.stream().filter(f -> f.fileName().equals(file)).findFirst().orElse(null);
        if (format == null) {
            List<String> known = formats.stream().map(ExportFormat::fileName).sorted().toList();
            if (known.isEmpty()) {
                throw ProblemException.unavailable("No export format is installed (the roblox bundle provides rojo.zip and place.rbxlx).");
            }
            throw ProblemException.notFound("No export named '" + file + "'; installed: " + known + ".");
        }
        WorkflowRun run = visibleRun(request);
        if (run.state() != RunState.COMPLETED) {
            throw ProblemException.conflict("Content " + run.id() + " is " + run.state() + "; exports exist once it is COMPLETED.");
        }
        byte[] bytes = format.export(contentPackage(run));
        return new ApiResponse(200, Map.of(), new ApiResponse.BinaryBody(format.contentType(), file, bytes));
    }

    private WorkflowRun visibleRun(ApiRequest request) {
        String id = request.pathParam("id");
        Caller caller = request.requireCaller();
        WorkflowRun run;
        try {
            run = workflows.find(id).orElse(null);
        } catch (WorkflowException e) {
            throw problem(e);
        }
        if (run == null || !run.template().equals(TEMPLATE) || !(caller.has(Role.ADMIN) || run.owner().equals(caller.name()))) {
            throw ProblemException.notFound("No content " + id + " is visible to you.");
        }
        return run;
    }

    /** The run once it is final, or as it is after {@code seconds}. */
    public static WorkflowRun awaitFinal(WorkflowService workflows, WorkflowRun run, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        WorkflowRun current = run;
        while (!current.state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            current = workflows.find(current.id()).orElse(current);
        }
        return current;
    }

    /** The package of a completed content run. */
    public static ContentPackage contentPackage(WorkflowRun run) {
        StepView last = run.steps().stream().filter(s -> s.id().equals(PACKAGE_STEP)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + run.id() + " has no " + PACKAGE_STEP + " step"));
        return JSON.convertValue(last.output().get("package"), ContentPackage.class);
    }

    private static Map<String, Object> status(WorkflowRun run) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", run.id());
        status.put("status", run.state().name().toLowerCase(java.util.Locale.ROOT));
        status.put("progress", run.progress());
        if (run.etaSeconds() != null) {
            status.put("eta_seconds", run.etaSeconds());
        }
        if (!run.waitingFor().isEmpty()) {
            status.put("waiting_for", run.waitingFor());
        }
        status.put("workflow", "/api/v1/workflows/" + run.id());
        return status;
    }

    private static ProblemException failed(WorkflowRun run) {
        return new ProblemException(new Problem("about:blank", "Generation Failed", 409,
                "Content " + run.id() + " is " + run.state() + (run.error() == null ? "." : ": " + run.error()), Map.of())
                .with("workflow", "/api/v1/workflows/" + run.id()).with("failure", run.failure()));
    }

    private long count(RunState state) {
        return workflows.list(new RunQuery(null, state, TEMPLATE, 0, 1)).total();
    }

    private static int waitSeconds(ApiRequest request) {
        String value = request.query("wait").orElse("0");
        try {
            int seconds = Integer.parseInt(value);
            if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError("wait", "seconds, 0-" + MAX_WAIT_SECONDS)));
        }
    }

    private static ProblemException problem(WorkflowException e) {
        return e.toProblem(5);
    }
}
