package org.toolboxai.api.workflow;

import java.util.List;

import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;

/** Why the engine refused a request; {@link #kind()} maps to an HTTP status. */
public class WorkflowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal. */
    public enum Kind {
        /** Unknown template or invalid parameters (400). */
        INVALID,
        /** No such run, or not the caller's (404). */
        NOT_FOUND,
        /** The run's state does not allow this (409). */
        CONFLICT,
        /** The queue is full (429). */
        QUEUE_FULL,
        /** The engine is not running (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final transient List<FieldError> errors;

    /** A refusal with a message. */
    public WorkflowException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    /** A refusal listing invalid fields. */
    public WorkflowException(Kind kind, String message, List<FieldError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    /** What kind of refusal. */
    public Kind kind() {
        return kind;
    }

    /** The invalid fields, for {@link Kind#INVALID}. */
    public List<FieldError> errors() {
        return errors;
    }

    /**
     * The HTTP answer for this refusal: 400 (with the invalid fields), 404, 409, 429 with
     * {@code Retry-After}, or 503.
     *
     * @param retryAfterSeconds seconds to suggest when the queue is full
     * @since 1.1.0
     */
    public ProblemException toProblem(long retryAfterSeconds) {
        return switch (kind) {
            case INVALID -> errors.isEmpty() ? ProblemException.badRequest(getMessage())
                    : new ProblemException(Problem.of(400, "Bad Request", getMessage()).with("errors", errors));
            case NOT_FOUND -> ProblemException.notFound(getMessage());
            case CONFLICT -> ProblemException.conflict(getMessage());
            case QUEUE_FULL -> ProblemException.tooManyRequests(getMessage(), retryAfterSeconds);
            case UNAVAILABLE -> ProblemException.unavailable(getMessage());
        };
    }
}
