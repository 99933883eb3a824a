package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.BodyWriter;
import org.toolboxai.api.http.ProblemException;

/** Streamed bodies in a real Jetty: sent as written, problems before the first byte, a cut connection after it. */
class ApiServletStreamTest {

    private static final byte[] FIRST = "first line\n".getBytes(StandardCharsets.UTF_8);

    private final CountDownLatch secondPart = new CountDownLatch(1);
    private JettyHarness jetty;

    @BeforeEach
    void start() throws Exception {
        WebSettings settings = TestWebConfig.defaults().settings();
        ApiServlet servlet = new ApiServlet(new WebAuthenticator(settings), settings);
        BodyWriter twoParts = out -> {
            out.write(FIRST);
            out.flush();
            // bounded: a broken test must not hold the server
            if (!secondPart.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never asked for the second part");
            }
            out.write("second line\n".getBytes(StandardCharsets.UTF_8));
        };
        BodyWriter breaksAfterFirstByte = out -> {
            out.write(FIRST);
            out.flush();
            throw new IllegalStateException("the generator broke");
        };
        ApiEndpoint endpoint = () -> List.of(
                new ApiRoute("GET", "/stream", null, "text/plain", r -> ApiResponse.stream("text/plain", "lines.txt", twoParts)),
                new ApiRoute("GET", "/refused", null, "text/plain", r -> ApiResponse.stream("text/plain", "x.txt", out -> {
                    throw ProblemException.conflict("Nothing to export yet.");
                })),
                new ApiRoute("GET", "/buffered-then-broken", null, "text/plain", r -> ApiResponse.stream("text/plain",
                        "x.txt", out -> {
                            out.write(FIRST);
                            throw new IOException("disk gone");
                        })),
                new ApiRoute("GET", "/broken", null, "text/plain",
                        r -> ApiResponse.stream("text/plain", null, breaksAfterFirstByte)),
                new ApiRoute("GET", "/later-broken", null, "text/plain", r -> ApiResponse.later(
                        CompletableFuture.supplyAsync(() -> ApiResponse.stream("text/plain", null, breaksAfterFirstByte)))),
                new ApiRoute("GET", "/bytes", null, "application/zip", r -> ApiResponse.ok(
                        new ApiResponse.BinaryBody("application/zip", "deck \"1\".zip", new byte[] {1, 2, 3}))));
        servlet.addEndpoint(endpoint, Map.of());
        jetty = new JettyHarness(8, Map.of("/api/*", servlet));
    }

    @AfterEach
    void stop() throws Exception {
        secondPart.countDown();
        jetty.close();
    }

    @Test
    @Timeout(30)
    void theFirstPartReachesTheClientBeforeTheWriterIsDone() throws Exception {
        HttpResponse<InputStream> response = jetty.http.send(jetty.request("/api/v1/stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"lines.txt\"");
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // the writer is still waiting for the latch: this line was streamed, not buffered
            assertThat(lines.readLine()).isEqualTo("first line");
            assertThat(secondPart.getCount()).isEqualTo(1);
            secondPart.countDown();
            assertThat(lines.readLine()).isEqualTo("second line");
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void aProblemThrownBeforeWritingIsAnsweredAsAProblem() throws Exception {
        HttpResponse<String> response = jetty.get("/api/v1/refused", null);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).contains(ProblemWriter.PROBLEM_JSON);
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(JettyHarness.json(response).path("detail").asText()).isEqualTo("Nothing to export yet.");
    }

    @Test
    void aFailureWhileTheBytesAreStillBufferedIsA500Problem() throws Exception {
        HttpResponse<String> response = jetty.get("/api/v1/buffered-then-broken", null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
        assertThat(JettyHarness.json(response).path("request_id").asText())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(response.body()).doesNotContain("first line").doesNotContain("disk gone");
    }

    @Test
    void aFailureAfterTheFirstByteCutsTheConnectionSoTheBodyIsNotTakenForWhole() {
        assertThatThrownBy(() -> jetty.get("/api/v1/broken", null)).isInstanceOf(IOException.class);
    }

    @Test
    void aLaterStreamFailingAfterTheFirstByteCutsTheConnectionToo() {
        assertThatThrownBy(() -> jetty.get("/api/v1/later-broken", null)).isInstanceOf(IOException.class);
    }

    @Test
    void binaryBodiesKeepTheirLengthAndGetASafeFileName() throws Exception {
        HttpResponse<byte[]> response = jetty.http.send(jetty.request("/api/v1/bytes").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers().firstValue("Content-Length")).contains("3");
        assertThat(response.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"deck _1_.zip\"");
    }
}
