package org.toolboxai.lms.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * {@code /api/v1/lms}: the installed LMSs, their courses, a teacher's stored credentials (never
 * shown back), pushes of a lesson or course with their progress and result, and what the LMS holds
 * of a push, read back from it.
 */
@Component(service = ApiEndpoint.class)
public class LmsEndpoint implements ApiEndpoint {

    /** {@code POST /api/v1/lms/{provider}/push}. */
    public record PushRequest(String contentId, LmsTarget target) {
    }

    /** {@code GET /api/v1/lms}. */
    public record ProviderList(List<LmsService.ProviderView> providers) {
    }

    /** What a teacher has stored for an LMS: the fields, never their values. */
    public record StoredCredentials(String provider, List<String> stored) {
    }

    /** A list of pushes. */
    public record PushList(List<PushView> pushes, int offset, int limit) {
    }

    /** What the LMS holds of a push's content now. */
    public record ReadBack(String pushId, String provider, List<LmsObject> objects) {
    }

    static final Set<String> PUSH_FIELDS = Set.of("content_id", "target");
    static final Set<String> TARGET_FIELDS = Set.of("course", "section");
    static final int MAX_WAIT_SECONDS = 120;

    private final LmsService lms;

    @Activate
    public LmsEndpoint(@Reference LmsService lms) {
        this.lms = lms;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/lms", Role.VIEWER, r -> ApiResponse.ok(new ProviderList(lms.providers(r.requireCaller().name()))))
                        .described("The installed LMS providers, their health and the credential fields you stored for each", null,
                                ProviderList.class),
                ApiRoute.get("/lms/pushes", Role.VIEWER, this::pushes)
                        .described("Your pushes (everyone's for an admin), newest first", null, PushList.class)
                        .withQuery("offset", Integer.class, "pushes to skip (0)").withQuery("limit", Integer.class, "1-200 (50)"),
                ApiRoute.get("/lms/pushes/{id}", Role.VIEWER, this::push)
                        .described("A push: its progress while it runs, what it made in the LMS (with links) and the issues after",
                                null, PushView.class)
                        .withQuery("wait", Integer.class, "seconds to wait for the push to end, 0-120 (0)"),
                ApiRoute.get("/lms/pushes/{id}/remote", Role.TEACHER, this::readBack)
                        .described("What the LMS holds now of the push's content at its target, read back from the LMS", null, ReadBack.class),
                ApiRoute.get("/lms/{provider}/courses", Role.TEACHER, this::courses)
                        .described("The courses (with sections) you may deliver to in this LMS", null, LmsCourse[].class),
                ApiRoute.get("/lms/{provider}/credentials", Role.TEACHER, r -> ApiResponse.ok(new StoredCredentials(r.pathParam("provider"),
                        lms.storedCredentials(r.pathParam("provider"), r.requireCaller().name()))))
                        .described("Which of your credentials for this LMS are stored (never their values)", null, StoredCredentials.class),
                new ApiRoute("PUT", "/lms/{provider}/credentials", Role.TEACHER, this::storeCredentials)
                        .described("Store your credentials for this LMS (e.g. {\"token\": \"...\"} for Canvas), sealed with AES-GCM; "
                                + "they are never shown again", Map.class, StoredCredentials.class),
                ApiRoute.delete("/lms/{provider}/credentials", Role.TEACHER, r -> {
                    lms.deleteCredentials(r.pathParam("provider"), r.requireCaller().name());
                    return ApiResponse.noContent();
                }).described("Forget your credentials for this LMS", null, null),
                ApiRoute.post("/lms/{provider}/push", Role.TEACHER, this::startPush)
                        .described("Push a finished lesson (its content id) or course (its course id) to this LMS: 202 with the "
                                + "push to follow, or its result when it ends within ?wait= seconds", PushRequest.class, PushView.class)
                        .withStatus(202).withQuery("wait", Integer.class, "seconds to wait for the push to end, 0-120 (0)"));
    }

    private ApiResponse startPush(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        String provider = request.pathParam("provider");
        lms.provider(provider); // an LMS that is not installed is a 404 whatever the body says
        List<FieldError> problems = new ArrayList<>();
        int wait = waitSeconds(request, problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = request.body(Map.class);
        body.keySet().stream().filter(k -> !PUSH_FIELDS.contains(k))
                .forEach(k -> problems.add(new FieldError(k, "unknown field; allowed: " + new TreeSet<>(PUSH_FIELDS))));
        Object id = body.get("content_id");
        if (!(id instanceof String s) || s.isBlank() || s.length() > 100) {
            problems.add(new FieldError("content_id", "the id of a finished lesson (from /api/v1/content) or course (from /api/v1/courses)"));
        }
        LmsTarget target = target(body.get("target"), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        PushView push = lms.push(provider, ((String) id).trim(), target, caller, request.requestId());
        String location = "/api/v1/lms/pushes/" + push.id();
        if (wait == 0) {
            return ApiResponse.accepted(location, push);
        }
        return ApiResponse.later(lms.await(push.id(), Duration.ofSeconds(wait))
                .thenApply(p -> p.ended() ? ApiResponse.ok(p) : ApiResponse.accepted(location, p)));
    }

    private static LmsTarget target(Object value, List<FieldError> problems) {
        if (value == null) {
            return new LmsTarget(null, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new FieldError("target", "an object: {\"course\": \"<LMS course id>\", \"section\": \"<LMS section id>\"}"));
            return new LmsTarget(null, null);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!TARGET_FIELDS.contains(key)) {
                problems.add(new FieldError("target." + key, "unknown field; allowed: " + new TreeSet<>(TARGET_FIELDS)));
            } else if (v != null && !(v instanceof String s && !s.isBlank() && s.length() <= 200 && s.matches("[A-Za-z0-9_.:-]+"))
                    && !(v instanceof Number)) {
                problems.add(new FieldError("target." + key, "the LMS's id: letters, digits, '_', '.', ':' or '-', 1-200 characters"));
            } else if (v != null) {
                ids.put(key, String.valueOf(v));
            }
        });
        return new LmsTarget(ids.get("course"), ids.get("section"));
    }

    private static int waitSeconds(ApiRequest request, List<FieldError> problems) {
        String text = request.query("wait").orElse("0");
        try {
            int wait = Integer.parseInt(text);
            if (wait < 0 || wait > MAX_WAIT_SECONDS) {
                throw new NumberFormatException();
            }
            return wait;
        } catch (NumberFormatException e) {
            problems.add(new FieldError("wait", "whole seconds, 0-" + MAX_WAIT_SECONDS));
            return 0;
        }
    }

    private ApiResponse push(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        List<FieldError> problems = new ArrayList<>();
        int wait = waitSeconds(request, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        PushView push = visible(request.pathParam("id"), caller);
        if (wait == 0 || push.ended()) {
            return ApiResponse.ok(push);
        }
        return ApiResponse.later(lms.await(push.id(), Duration.ofSeconds(wait)).thenApply(ApiResponse::ok));
    }

    private PushView visible(String id, Caller caller) throws Exception {
        return lms.find(id, caller).orElseThrow(() -> ProblemException.notFound("No push " + id + "."));
    }

    private ApiResponse pushes(ApiRequest request) throws Exception {
        List<FieldError> problems = new ArrayList<>();
        int offset = number(request, "offset", 0, 0, Integer.MAX_VALUE, problems);
        int limit = number(request, "limit", 50, 1, 200, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return ApiResponse.ok(new PushList(lms.list(request.requireCaller(), offset, limit), offset, limit));
    }

    private static int number(ApiRequest request, String name, int fallback, int min, int max, List<FieldError> problems) {
        String text = request.query(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(new FieldError(name, "a whole number, " + min + "-" + (max == Integer.MAX_VALUE ? "" : max)));
        return fallback;
    }

    private ApiResponse readBack(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        PushView push = visible(request.pathParam("id"), caller);
        return ApiResponse.ok(new ReadBack(push.id(), push.provider(), remote(push.provider(), () -> lms.readBack(push, request.requestId()))));
    }

    private ApiResponse courses(ApiRequest request) throws Exception {
        String provider = request.pathParam("provider");
        return ApiResponse.ok(remote(provider, () -> lms.courses(provider, request.requireCaller(), request.requestId())));
    }

    /** A call that reaches the LMS. */
    @FunctionalInterface
    interface RemoteWork<T> {
        T run() throws Exception;
    }

    /**
     * The LMS's answer, or its failure as a problem a teacher can act on: refused credentials 409,
     * a refusal of the request 409, a rate limit 429 with Retry-After, an LMS that is down or slow 502.
     */
    static <T> T remote(String provider, RemoteWork<T> work) throws Exception {
        try {
            return work.run();
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            org.toolboxai.api.failure.Failure failure = org.toolboxai.api.failure.Failure.of(e);
            String detail = provider + ": " + failure.message();
            org.toolboxai.api.http.Problem problem = switch (failure.kind()) {
                case AUTHENTICATION -> org.toolboxai.api.http.Problem.of(409, "LMS refused the credentials", detail
                        + " (store yours with PUT /api/v1/lms/" + provider + "/credentials, or ask the administrator to check the configuration)");
                case RATE_LIMITED, OVER_BUDGET -> org.toolboxai.api.http.Problem.of(429, "Too Many Requests", detail);
                case TRANSIENT, TIMED_OUT, INVALID_OUTPUT -> org.toolboxai.api.http.Problem.of(502, "LMS unavailable", detail);
                default -> org.toolboxai.api.http.Problem.of(409, "LMS refused the request", detail);
            };
            problem = problem.with("failure", Map.of("kind", failure.kind().name(), "message", failure.message()));
            long retry = failure.retryAfter() == null ? 30 : Math.max(1, failure.retryAfter().toSeconds());
            throw new ProblemException(problem, problem.status() == 429 || problem.status() == 502
                    ? Map.of("Retry-After", String.valueOf(retry)) : Map.of());
        }
    }

    private ApiResponse storeCredentials(ApiRequest request) throws Exception {
        String provider = request.pathParam("provider");
        lms.provider(provider);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = request.body(Map.class);
        return ApiResponse.ok(new StoredCredentials(provider, lms.storeCredentials(provider, request.requireCaller().name(), body)));
    }
}
