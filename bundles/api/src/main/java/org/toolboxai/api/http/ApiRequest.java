package org.toolboxai.api.http;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.security.Caller;

/** A request as a route handler sees it. */
@ProviderType
public interface ApiRequest {

    /** HTTP method, upper case. */
    String method();

    /** Path relative to {@code /api/v1}. */
    String path();

    /** A {@code {name}} segment of the route's path template. */
    String pathParam(String name);

    /** The first value of a query parameter. */
    Optional<String> query(String name);

    /** Every value of a query parameter. */
    List<String> queryAll(String name);

    /** A request header. */
    Optional<String> header(String name);

    /** The authenticated caller; empty only on public routes called without credentials. */
    Optional<Caller> caller();

    /** The caller of a route that requires a role (always present there). */
    default Caller requireCaller() {
        return caller().orElseThrow(() -> new ProblemException(Problem.of(401, "Unauthorized",
                "This route needs credentials.")));
    }

    /** The request id echoed in {@code X-Request-Id} and in the logs. */
    String requestId();

    /** Whether the request has a body. */
    boolean hasBody();

    /**
     * The JSON body read as {@code type} (snake_case names).
     *
     * @throws ProblemException 400 when the body is missing or malformed
     */
    <T> T body(Class<T> type);

    /**
     * The JSON body read as {@code type}, with every unknown field (at any depth) added to
     * {@code unknown} instead of refused, so that the handler can list them in one 400 with the
     * problems it finds itself (a missing or malformed body still throws).
     *
     * @throws ProblemException 400 when the body is missing or malformed, or a value has the wrong type
     * @since 1.2
     */
    <T> T body(Class<T> type, List<FieldError> unknown);
}
