package org.toolboxai.api.http;

import java.util.List;
import java.util.Map;

/** Thrown by handlers to answer with a problem detail instead of a result. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    /** A problem without extra headers. */
    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** A problem with extra response headers (e.g. {@code Retry-After}). */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.status() + " " + problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    /** The problem to answer with. */
    public Problem problem() {
        return problem;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400 with a sentence. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "Bad Request", detail));
    }

    /** 400 listing every invalid field. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
        return new ProblemException(Problem.of(400, "Bad Request", detail).with("errors", List.copyOf(errors)));
    }

    /** 404 with a sentence. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    /** 409 with a sentence. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    /** 429 with a Retry-After header. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(429, "Too Many Requests", detail),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 503 with a sentence, e.g. when an integration bundle is not installed. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(503, "Service Unavailable", detail));
    }
}
