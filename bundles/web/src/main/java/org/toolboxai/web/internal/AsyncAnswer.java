package org.toolboxai.web.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;

/**
 * Serves an {@link ApiResponse#later} answer: the request is suspended (servlet async) until the
 * stage completes, the time-out passes or the client goes, whichever comes first; the answer is
 * written on the thread that brings it, so no server thread waits in between.
 */
final class AsyncAnswer implements AsyncListener {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncAnswer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("org.toolboxai.web.access");
    /** Request attribute carrying a failure after the first byte into the servlet's ASYNC dispatch. */
    static final String ABORTED = AsyncAnswer.class.getName() + ".aborted";
    static final String RETRY_AFTER_SECONDS = "5";
    // markers compared by identity: a handler's own answers are never these instances
    private static final ApiResponse TIMED_OUT = ApiResponse.noContent();
    private static final ApiResponse CLIENT_GONE = ApiResponse.noContent();

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext context;
    private final CompletionStage<ApiResponse> stage;
    private final ResponseWriter writer;
    private final String requestId;
    private final long timeoutMillis;
    private final long startNanos;
    /** Completed once: by the stage, the time-out or the client's disconnection. */
    private final CompletableFuture<ApiResponse> outcome = new CompletableFuture<>();

    private AsyncAnswer(HttpServletRequest request, HttpServletResponse response, CompletionStage<ApiResponse> stage,
            ResponseWriter writer, String requestId, long timeoutMillis, long startNanos) {
        this.request = request;
        this.response = response;
        // the container's own time-out would also fire while a long body streams: ours stops at the answer
        this.context = request.startAsync();
        this.context.setTimeout(0);
        this.stage = stage;
        this.writer = writer;
        this.requestId = requestId;
        this.timeoutMillis = timeoutMillis;
        this.startNanos = startNanos;
    }

    /** Suspends the request until the later answer's stage completes, at most {@code timeoutMillis}. */
    static void start(HttpServletRequest request, HttpServletResponse response, ApiResponse.Later later,
            ResponseWriter writer, String requestId, long timeoutMillis, long startNanos) {
        AsyncAnswer answer = new AsyncAnswer(request, response, later.stage(), writer, requestId, timeoutMillis,
                startNanos);
        answer.context.addListener(answer);
        answer.outcome.completeOnTimeout(TIMED_OUT, timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete(answer::deliver);
        later.stage().whenComplete((result, failure) -> {
            if (failure == null && result == null) {
                answer.outcome.completeExceptionally(new IllegalStateException("a later answer completed with null"));
            } else if (failure != null) {
                answer.outcome.completeExceptionally(failure);
            } else {
                answer.outcome.complete(result);
            }
        });
    }

    /** Writes what came first, on the thread that brought it, then ends the request. */
    private void deliver(ApiResponse answer, Throwable failure) {
        // the delivering thread may be serving another request: keep its id, lend it ours meanwhile
        String previousId = MDC.get("requestId");
        MDC.put("requestId", requestId);
        try {
            if (answer == CLIENT_GONE) {
                cancelStage();
                context.complete();
                return;
            }
            if (answer == TIMED_OUT) {
                cancelStage();
                LOG.info("Request {} {} had no answer within {} ms; 503 (request id {})", request.getMethod(),
                        request.getRequestURI(), timeoutMillis, requestId);
            }
            try {
                if (answer == TIMED_OUT) {
                    writer.fail(request, response, timedOut(), requestId);
                } else if (failure != null) {
                    writer.fail(request, response, failure, requestId);
                } else {
                    writer.write(response, answer);
                }
            } catch (Exception | LinkageError e) {
                // a linkage error too: the answering bundle may have gone while its writer ran
                writer.fail(request, response, e, requestId);
            }
            context.complete();
        } catch (IOException | RuntimeException e) {
            // after the first byte: only the container can close the connection, so hand it the failure
            request.setAttribute(ABORTED, e);
            context.dispatch();
        } finally {
            if (ACCESS.isDebugEnabled()) {
                ACCESS.debug("{} {} -> {} in {} us (later)", request.getMethod(), request.getRequestURI(),
                        response.getStatus(), (System.nanoTime() - startNanos) / 1000);
            }
            if (previousId == null) {
                MDC.remove("requestId");
            } else {
                MDC.put("requestId", previousId);
            }
        }
    }

    private ProblemException timedOut() {
        return new ProblemException(Problem.of(503, "Service Unavailable", "No answer came within "
                + timeoutMillis / 1000 + " s; try again."), Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** Tells a producer that holds the stage that nobody waits for it any more. */
    private void cancelStage() {
        try {
            stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException e) {
            // a stage that cannot be turned into a future runs on; its answer is dropped
        }
    }

    /** Throws a failure handed over by {@link #deliver}: the servlet calls this on the ASYNC dispatch. */
    static void rethrowAborted(HttpServletRequest request) throws IOException {
        Object failure = request.getAttribute(ABORTED);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        outcome.complete(CLIENT_GONE);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // the container's time-out is off (0); should a container fire one anyway, answer as ours
        outcome.complete(TIMED_OUT);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // nothing to release
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
