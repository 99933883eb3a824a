package org.toolboxai.coordinator.content.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * {@code /api/v1/content}: the content service over REST; the installed export formats turn a
 * finished package into files.
 */
@Component(service = ApiEndpoint.class)
public class ContentEndpoint implements ApiEndpoint {

    private static final int MAX_WAIT_SECONDS = 120;

    private final ContentService content;
    private final List<ExportFormat> formats = new CopyOnWriteArrayList<>();

    /** Serves the content service. */
    @Activate
    public ContentEndpoint(@Reference ContentService content) {
        this.content = content;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ContentChecker checker;

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
                ApiRoute.post("/content", Role.TEACHER, this::create)
                        .described("Make a lesson package: 202 with its Location, or with ?wait the package once made",
                                ContentRequest.class, ContentPackage.class)
                        .withQuery("wait", Integer.class, "seconds to wait for the package, 0-" + MAX_WAIT_SECONDS),
                ApiRoute.post("/content/check", Role.TEACHER, this::check)
                        .described("Run every quality check on a package sent as GET /content/{id} returns it "
                                + "(edited or made elsewhere); 200 with the report, passed or not", ContentPackage.class,
                                QualityReport.class),
                ApiRoute.get("/content/{id}", Role.VIEWER, this::show)
                        .described("The package once made; 202 with progress meanwhile, 409 when it failed", null,
                                ContentPackage.class),
                ApiRoute.get("/content/{id}/exports", Role.VIEWER, this::exports)
                        .described("The files this package can be downloaded as (one per installed export format)", null,
                                Export[].class),
                new ApiRoute("GET", "/content/{id}/export/{file}", Role.VIEWER, "*/*", this::export)
                        .described("The package as a file of an installed export format, by file name or id "
                                + "(rojo.zip or rojo, place.rbxlx or place)", null, null));
    }

    /**
     * One download of a package.
     *
     * @param id          the format's id, e.g. {@code rojo}
     * @param fileName    e.g. {@code rojo.zip}
     * @param contentType its media type
     * @param href        where to download it
     */
    public record Export(String id, String fileName, String contentType, String href) {
    }

    private ApiResponse check(ApiRequest request) {
        ContentPackage sent = request.body(ContentPackage.class);
        List<FieldError> missing = new ArrayList<>();
        if (sent.lessonPlan() == null) {
            missing.add(new FieldError("lesson_plan", "required"));
        } else if (sent.lessonPlan().objectives() == null || sent.lessonPlan().objectives().isEmpty()) {
            missing.add(new FieldError("lesson_plan.objectives", "required: at least one objective"));
        }
        if (sent.environment() == null) {
            missing.add(new FieldError("environment", "required"));
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalid(missing);
        }
        ContentChecker current = checker;
        if (current == null) {
            throw ProblemException.unavailable("The content checks are not installed (the agents bundle provides them).");
        }
        return ApiResponse.ok(current.check(sent, null));
    }

    private ApiResponse create(ApiRequest request) {
        LessonRequest lesson = request.body(ContentRequest.Body.class).request();
        int wait = waitSeconds(request);
        ContentJob job;
        try {
            job = content.request(lesson, request.requireCaller().name());
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
        String location = "/api/v1/content/" + job.id();
        if (job.fromCache()) {
            return ApiResponse.ok(job.contentPackage()).withHeader("Location", location).withHeader("X-Cache", "hit");
        }
        if (wait > 0 && !job.state().isFinal()) {
            // no request thread waits: the answer is written when the run's event arrives
            return ApiResponse.later(content.await(job.id(), Duration.ofSeconds(wait))
                    .handle((done, refused) -> answer(done, refused, location)));
        }
        return answer(job, null, location);
    }

    private ApiResponse answer(ContentJob job, Throwable refused, String location) {
        if (refused != null) {
            Throwable cause = refused instanceof CompletionException ? refused.getCause() : refused;
            if (cause instanceof WorkflowException refusal) {
                throw refusal.toProblem(content.retryAfterSeconds());
            }
            throw new IllegalStateException("waiting for content failed", cause);
        }
        if (job.state() == RunState.COMPLETED) {
            return ApiResponse.ok(job.contentPackage()).withHeader("Location", location).withHeader("X-Cache", "miss");
        }
        if (job.state().isFinal()) {
            throw failed(job);
        }
        return ApiResponse.accepted(location, status(job)).withHeader("Retry-After", "2").withHeader("X-Cache", "miss");
    }

    private ApiResponse show(ApiRequest request) {
        ContentJob job = visibleJob(request);
        if (job.state() == RunState.COMPLETED) {
            return ApiResponse.ok(job.contentPackage());
        }
        if (job.state().isFinal()) {
            throw failed(job);
        }
        return ApiResponse.status(202, status(job)).withHeader("Retry-After", "2");
    }

    private ApiResponse exports(ApiRequest request) {
        ContentJob job = completed(visibleJob(request));
        String base = "/api/v1/content/" + job.id() + "/export/";
        return ApiResponse.ok(formats.stream().sorted(Comparator.comparing(ExportFormat::id))
                .map(f -> new Export(f.id(), f.fileName(), f.contentType(), base + f.fileName())).toList());
    }

    private static ContentJob completed(ContentJob job) {
        if (job.state() != RunState.COMPLETED) {
            throw ProblemException.conflict("Content " + job.id() + " is " + job.state() + "; exports exist once it is COMPLETED.");
        }
        return job;
    }

    private ApiResponse export(ApiRequest request) {
        String file = request.pathParam("file");
        ExportFormat format = formats.stream().filter(f -> f.fileName().equals(file) || f.id().equals(file))
                .findFirst().orElse(null);
        if (format == null) {
            List<String> known = formats.stream().map(ExportFormat::fileName).sorted().toList();
            if (known.isEmpty()) {
                throw ProblemException.unavailable("No export format is installed (the roblox bundle provides rojo.zip and place.rbxlx).");
            }
            throw ProblemException.notFound("No export named '" + file + "'; installed: " + known + ".");
        }
        ContentJob job = completed(visibleJob(request));
        return ApiResponse.stream(format.contentType(), format.fileName(), out -> format.export(job.contentPackage(), out));
    }

    private ContentJob visibleJob(ApiRequest request) {
        String id = request.pathParam("id");
        Caller caller = request.requireCaller();
        try {
            return content.find(id, caller.has(Role.ADMIN) ? null : caller.name())
                    .orElseThrow(() -> ProblemException.notFound("No content " + id + " is visible to you."));
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
    }

    private static Map<String, Object> status(ContentJob job) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", job.id());
        status.put("status", job.state().name().toLowerCase(Locale.ROOT));
        status.put("progress", job.progress());
        if (job.etaSeconds() != null) {
            status.put("eta_seconds", job.etaSeconds());
        }
        if (!job.waitingFor().isEmpty()) {
            status.put("waiting_for", job.waitingFor());
        }
        status.put("workflow", "/api/v1/workflows/" + job.id());
        return status;
    }

    private static ProblemException failed(ContentJob job) {
        Problem problem = new Problem("about:blank", "Generation Failed", 409,
                "Content " + job.id() + " is " + job.state() + (job.error() == null ? "." : ": " + job.error()), Map.of())
                .with("workflow", "/api/v1/workflows/" + job.id());
        // a cancelled run has no failure
        return new ProblemException(job.failure() == null ? problem : problem.with("failure", job.failure()));
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
}
