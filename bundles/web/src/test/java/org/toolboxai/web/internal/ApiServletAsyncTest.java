package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;

/** Later answers in a real Jetty: suspended without a thread, completed from the stage, timed out, failed. */
class ApiServletAsyncTest {

    private static final int SERVER_THREADS = 8;
    private static final int SUSPENDED = 20;

    /** The stage of each {@code /later/{n}} request, by n. */
    private final Map<String, CompletableFuture<ApiResponse>> pending = new ConcurrentHashMap<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() throws Exception {
        pending.values().forEach(f -> f.cancel(false));
        if (jetty != null) {
            jetty.close();
        }
    }

    private void start(int asyncTimeoutSeconds) throws Exception {
        WebSettings settings = new TestWebConfig(1_048_576, 20, asyncTimeoutSeconds).settings();
        ApiServlet servlet = new ApiServlet(new WebAuthenticator(settings), settings);
        ApiEndpoint endpoint = () -> List.of(
                ApiRoute.get("/later/{n}", null, r -> ApiResponse.later(
                        pending.computeIfAbsent(r.pathParam("n"), n -> new CompletableFuture<>())).withHeader("X-Kind", "later")),
                ApiRoute.get("/now", null, r -> ApiResponse.ok(Map.of("now", true))),
                ApiRoute.get("/fails/problem", null, r -> ApiResponse.later(
                        CompletableFuture.failedFuture(ProblemException.conflict("The deck is being edited.")))),
                ApiRoute.get("/fails/bug", null, r -> ApiResponse.later(
                        CompletableFuture.supplyAsync(() -> {
                            throw new IllegalStateException("internal-detail-42");
                        }))));
        servlet.addEndpoint(endpoint, Map.of());
        jetty = new JettyHarness(SERVER_THREADS, Map.of("/api/*", servlet));
    }

    @Test
    void suspendedRequestsHoldNoServerThread() throws Exception {
        start(130);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < SUSPENDED; i++) {
            answers.add(jetty.http.sendAsync(jetty.request("/api/v1/later/" + i).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Awaitility.await("all requests reached their handler").atMost(Duration.ofSeconds(15))
                .until(() -> pending.size() == SUSPENDED);

        // more requests wait than the server has threads, and it still answers at once
        HttpResponse<String> now = jetty.get("/api/v1/now", null);
        assertThat(now.statusCode()).isEqualTo(200);
        assertThat(answers).noneMatch(CompletableFuture::isDone);

        pending.forEach((n, stage) -> stage.complete(ApiResponse.ok(Map.of("n", Integer.parseInt(n)))));
        for (int i = 0; i < SUSPENDED; i++) {
            HttpResponse<String> answer = answers.get(i).get(15, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JettyHarness.json(answer).path("n").asInt(-1)).isEqualTo(i);
            assertThat(answer.headers().firstValue("X-Kind")).contains("later");
            assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        }
    }

    @Test
    void theAnswerIsWrittenOnTheThreadThatCompletesTheStage() throws Exception {
        start(130);
        CompletableFuture<HttpResponse<String>> answer = jetty.http.sendAsync(
                jetty.request("/api/v1/later/x").GET().build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> pending.containsKey("x"));
        AtomicReference<String> writingThread = new AtomicReference<>();
        Thread producer = new Thread(() -> pending.get("x").complete(ApiResponse.stream("text/plain", null, out -> {
            writingThread.set(Thread.currentThread().getName());
            out.write("made by the producer".getBytes(StandardCharsets.UTF_8));
        })), "the-producer");
        producer.start();
        producer.join(15_000);

        HttpResponse<String> response = answer.get(15, TimeUnit.SECONDS);
        assertThat(response.body()).isEqualTo("made by the producer");
        assertThat(writingThread.get()).isEqualTo("the-producer");
    }

    @Test
    void aStageSlowerThanTheTimeoutGets503WithRetryAfterAndIsCancelled() throws Exception {
        start(1);
        long started = System.nanoTime();
        HttpResponse<String> response = jetty.get("/api/v1/later/slow", null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains(AsyncAnswer.RETRY_AFTER_SECONDS);
        assertThat(response.headers().firstValue("Content-Type")).contains(ProblemWriter.PROBLEM_JSON);
        JsonNode problem = JettyHarness.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("request_id").asText()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(tookMillis).isBetween(900L, 10_000L);
        // whoever holds the stage learns that nobody waits for it
        assertThat(pending.get("slow")).isCancelled();
    }

    @Test
    void aStageFailingWithAProblemAnswersThatProblem() throws Exception {
        start(130);
        HttpResponse<String> response = jetty.get("/api/v1/fails/problem", null);

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode problem = JettyHarness.json(response);
        assertThat(problem.path("detail").asText()).isEqualTo("The deck is being edited.");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/fails/problem");
    }

    @Test
    void aStageFailingOtherwiseAnswers500WithOnlyTheRequestId() throws Exception {
        start(130);
        HttpResponse<String> response = jetty.get("/api/v1/fails/bug", null);

        assertThat(response.statusCode()).isEqualTo(500);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode problem = JettyHarness.json(response);
        assertThat(problem.path("request_id").asText()).isEqualTo(requestId);
        assertThat(problem.path("detail").asText()).contains(requestId);
        assertThat(response.body()).doesNotContain("internal-detail-42").doesNotContain("IllegalState");
    }
}
