package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.security.Role;

/**
 * The first boot stage serves the API before the store starts, and with it the token service:
 * until the service is there, public routes answer (also a request carrying a token), a route
 * that needs a caller answers a Bearer token 503 with Retry-After and counts no failed login,
 * and HTTP Basic works. Once the service binds, the same servlet takes tokens.
 */
class TokensBeforeTheDatabaseTest {

    private static final String TOM = "Basic " + Base64.getEncoder().encodeToString("tom:right".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private WebAuthenticator authenticator;
    private JettyHarness jetty;

    @BeforeEach
    void start() throws Exception {
        WebSettings settings = new TestWebConfig(1_048_576, 2, 130).settings();
        authenticator = new WebAuthenticator(null, settings, realm -> (user, password) -> user.equals("tom")
                && new String(password).equals("right") ? Optional.of(Set.of("teacher")) : Optional.empty(),
                System::currentTimeMillis);
        ApiServlet api = new ApiServlet(authenticator, settings);
        ApiEndpoint endpoint = () -> List.of(
                ApiRoute.get("/open", null, r -> ApiResponse.ok(Map.of("caller", r.caller().map(c -> c.name()).orElse("-")))),
                ApiRoute.get("/closed", Role.VIEWER, r -> ApiResponse.ok(Map.of("caller", r.requireCaller().name()))));
        api.addEndpoint(endpoint, Map.of());
        jetty = new JettyHarness(8, Map.of("/api/*", api));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    @Test
    void aBearerTokenIsA503UntilTheTokenServiceIsThereAndThenWorks() throws Exception {
        String bearer = "Bearer tbx_" + "x".repeat(43);
        // more tries than the two failures a minute this throttle allows: none counts as a guess
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> closed = jetty.get("/api/v1/closed", bearer);
            assertThat(closed.statusCode()).isEqualTo(503);
            assertThat(closed.headers().firstValue("Retry-After")).contains("5");
            assertThat(JettyHarness.json(closed).path("detail").asText()).contains("database");
        }
        HttpResponse<String> open = jetty.get("/api/v1/open", bearer);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(JettyHarness.json(open).path("caller").asText()).isEqualTo("-");
        assertThat(JettyHarness.json(jetty.get("/api/v1/closed", TOM)).path("caller").asText()).isEqualTo("tom");

        JdbcApiTokenService tokens = new JdbcApiTokenService(TestStore.onH2(), dir, Clock.systemUTC());
        String secret = tokens.issue("ci-bot", Role.VIEWER).secret();
        authenticator.tokens = tokens;

        HttpResponse<String> served = jetty.get("/api/v1/closed", "Bearer " + secret);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(JettyHarness.json(served).path("caller").asText()).isEqualTo("ci-bot");
    }
}
