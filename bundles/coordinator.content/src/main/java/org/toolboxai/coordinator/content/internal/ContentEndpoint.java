package org.toolboxai.coordinator.content.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.ContentVersion;
import org.toolboxai.api.content.StaleVersionException;
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
    private final ExportFormats formats = new ExportFormats();

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
                        .described("The package (its newest version) once made, with an ETag naming the version; "
                                + "202 with progress meanwhile, 409 when it failed (429 with Retry-After when a rate limit or budget refused it)", null, ContentPackage.class),
                new ApiRoute("PUT", "/content/{id}", Role.TEACHER, this::edit)
                        .described("Replace the lesson plan, the environment, the quiz or the scripts with an edited version "
                                + "(parts left out stay); needs If-Match with the ETag of GET (428 without, 412 when stale); "
                                + "200 with the new version, its quality report made again, and its ETag",
                                ContentPackage.class, ContentPackage.class),
                ApiRoute.get("/content/{id}/versions", Role.VIEWER, this::versions)
                        .described("The versions of the package, oldest first: number, when, who, passed", null,
                                VersionInfo[].class),
                ApiRoute.get("/content/{id}/versions/{n}", Role.VIEWER, this::version)
                        .described("One version of the package, as GET /content/{id} gave it then, with its ETag", null,
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

    /**
     * One version of a package in the history.
     *
     * @param number    1 as generated, then one more per edit
     * @param createdAt when it was made
     * @param author    who made it
     * @param passed    whether its quality report passed
     * @param href      where to read it
     */
    public record VersionInfo(int number, java.time.Instant createdAt, String author, boolean passed, String href) {
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
            throw failed(job, true);
        }
        return ApiResponse.accepted(location, status(job)).withHeader("Retry-After", "2").withHeader("X-Cache", "miss");
    }

    private ApiResponse show(ApiRequest request) {
        ContentJob job = visibleJob(request);
        if (job.state() == RunState.COMPLETED) {
            return ApiResponse.ok(job.contentPackage()).withHeader("ETag", etag(job.version()));
        }
        if (job.state().isFinal()) {
            throw failed(job, false); // the failed run stays failed: no Retry-After to poll it by
        }
        return ApiResponse.status(202, status(job)).withHeader("Retry-After", "2");
    }

    private ApiResponse edit(ApiRequest request) {
        Caller caller = request.requireCaller();
        ContentJob job = completed(visibleJob(request), "only COMPLETED content can be edited");
        int expected = ifMatch(request, job.version());
        List<FieldError> problems = new ArrayList<>();
        ContentPackage edited = request.body(ContentPackage.class, problems);
        // the report and the provenance are not taken, so whatever GET wrote there may come back (a finding's "error")
        problems.removeIf(p -> p.field().startsWith("quality.") || p.field().startsWith("provenance."));
        problems.addAll(PackageEdit.problems(job.id(), edited));
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        try {
            ContentJob done = content.edit(job.id(), caller.has(Role.ADMIN) ? null : caller.name(), caller.name(), edited, expected);
            return ApiResponse.ok(done.contentPackage()).withHeader("ETag", etag(done.version()));
        } catch (StaleVersionException e) {
            throw stale(e.getMessage(), e.currentVersion());
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
    }

    private ApiResponse versions(ApiRequest request) {
        String id = request.pathParam("id");
        String base = "/api/v1/content/" + id + "/versions/";
        try {
            return ApiResponse.ok(content.versions(id, visibleTo(request.requireCaller())).stream()
                    .map(v -> new VersionInfo(v.number(), v.createdAt(), v.author(), v.passed(), base + v.number())).toList());
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
    }

    private ApiResponse version(ApiRequest request) {
        String id = request.pathParam("id");
        String n = request.pathParam("n");
        int number;
        try {
            number = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No version '" + n + "' of content " + id + "; versions are numbered 1, 2, 3 ...");
        }
        try {
            ContentVersion found = content.version(id, visibleTo(request.requireCaller()), number)
                    .orElseThrow(() -> ProblemException.notFound("Content " + id + " has no version " + number
                            + "; GET /api/v1/content/" + id + "/versions lists them."));
            return ApiResponse.ok(found.contentPackage()).withHeader("ETag", etag(found.number()));
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
    }

    /** The ETag of a version: its number, strong, e.g. {@code "v3"}. */
    static String etag(int version) {
        return "\"v" + version + "\"";
    }

    /**
     * The version an edit was made from, from {@code If-Match}: 428 without one (or with {@code *},
     * which names no version), 412 when none of its tags is the newest version's.
     */
    private static int ifMatch(ApiRequest request, int newest) {
        String header = request.header("If-Match").map(String::trim).orElse("");
        if (header.isEmpty() || header.equals("*")) {
            throw new ProblemException(Problem.of(428, "Precondition Required", "An edit needs If-Match with the ETag of the "
                    + "version it was made from (GET /api/v1/content/{id} answers it, e.g. If-Match: " + etag(newest)
                    + "), so that it cannot overwrite someone else's edit.").with("etag", etag(newest)),
                    Map.of("ETag", etag(newest)));
        }
        for (String tag : header.split(",")) {
            if (tag.trim().equals(etag(newest))) { // strong comparison: a weak W/"v3" never matches
                return newest;
            }
        }
        throw stale("If-Match " + header + " does not name the newest version of this content, " + etag(newest)
                + "; fetch it again and edit that.", newest);
    }

    private static ProblemException stale(String detail, int current) {
        return new ProblemException(Problem.of(412, "Precondition Failed", detail).with("etag", etag(current)),
                Map.of("ETag", etag(current)));
    }

    private ApiResponse exports(ApiRequest request) {
        ContentJob job = completed(visibleJob(request), "exports exist once it is COMPLETED");
        String base = "/api/v1/content/" + job.id() + "/export/";
        return ApiResponse.ok(formats.list(base));
    }

    private static ContentJob completed(ContentJob job, String rule) {
        if (job.state() != RunState.COMPLETED) {
            throw ProblemException.conflict("Content " + job.id() + " is " + job.state() + "; " + rule + ".");
        }
        return job;
    }

    private ApiResponse export(ApiRequest request) {
        ExportFormat format = formats.find(request.pathParam("file"));
        ContentJob job = completed(visibleJob(request), "exports exist once it is COMPLETED");
        return ApiResponse.stream(format.contentType(), format.fileName(), out -> format.export(job.contentPackage(), out));
    }

    private ContentJob visibleJob(ApiRequest request) {
        String id = request.pathParam("id");
        try {
            return content.find(id, visibleTo(request.requireCaller()))
                    .orElseThrow(() -> ProblemException.notFound("No content " + id + " is visible to you."));
        } catch (WorkflowException e) {
            throw e.toProblem(content.retryAfterSeconds());
        }
    }

    /** Whose content a caller may see: an administrator everyone's. */
    private static String visibleTo(Caller caller) {
        return caller.has(Role.ADMIN) ? null : caller.name();
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
        // the run's progress as events (served while the sync coordinator is installed)
        String topic = "workflow/run/" + job.id();
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("topic", topic);
        events.put("websocket", "/ws");
        events.put("stream", "/api/v1/events/stream?topic=" + topic);
        events.put("poll", "/api/v1/events?topic=" + topic + "&wait=30");
        status.put("events", events);
        return status;
    }

    /**
     * A failed generation: 409, except that a request just refused by a rate limit or a budget
     * ({@code refusal}: the answer to the POST) is 429 with a {@code Retry-After} (the limit's wait;
     * for a daily budget, until it renews at 00:00 UTC): asking again then is a new generation.
     * Reading the failed one later is 409 with its failure, whatever the kind.
     */
    static ProblemException failed(ContentJob job, boolean refusal) {
        org.toolboxai.api.failure.FailureKind kind = job.failure() == null || !refusal ? null : job.failure().kind();
        Long retryAfter = null;
        if (kind == org.toolboxai.api.failure.FailureKind.RATE_LIMITED) {
            retryAfter = job.failure().retryAfterSeconds() == null ? 60L : Math.max(1L, job.failure().retryAfterSeconds());
        } else if (kind == org.toolboxai.api.failure.FailureKind.OVER_BUDGET) {
            java.time.Instant now = java.time.Instant.now();
            retryAfter = Math.max(1L, java.time.Duration.between(now, java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)
                    .plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).toSeconds());
        }
        Problem problem = new Problem("about:blank", retryAfter == null ? "Generation Failed" : "Generation Refused",
                retryAfter == null ? 409 : 429,
                "Content " + job.id() + " is " + job.state() + (job.error() == null ? "." : ": " + job.error()), Map.of())
                .with("workflow", "/api/v1/workflows/" + job.id());
        // a cancelled run has no failure
        problem = job.failure() == null ? problem : problem.with("failure", job.failure());
        return retryAfter == null ? new ProblemException(problem)
                : new ProblemException(problem, Map.of("Retry-After", Long.toString(retryAfter)));
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
