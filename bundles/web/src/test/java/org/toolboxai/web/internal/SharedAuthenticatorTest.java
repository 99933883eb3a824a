package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authenticator;
import org.toolboxai.api.security.Role;

/**
 * A servlet of another bundle (standing in for a WebSocket endpoint) authenticates through the
 * service the REST servlet uses: the same callers, the same throttle, and URL tokens only there.
 */
class SharedAuthenticatorTest {

    @TempDir
    Path dir;

    private JettyHarness jetty;
    private String token;

    /** What another bundle writes: the service, the request, nothing of the web bundle. */
    static final class UpgradeServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;
        private final transient Authenticator authenticator;

        UpgradeServlet(Authenticator authenticator) {
            this.authenticator = authenticator;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Authentication outcome = authenticator.authenticateUrlToken(request.getHeader("Authorization"),
                    request.getParameter(Authenticator.ACCESS_TOKEN), request.getRemoteAddr());
            if (outcome instanceof Authentication.Denied denied) {
                response.setStatus(denied.status());
                denied.headers().forEach(response::setHeader);
                return;
            }
            response.getOutputStream().write(outcome.caller().orElseThrow().name().getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void start() throws Exception {
        JdbcApiTokenService tokens = new JdbcApiTokenService(TestStore.onH2(), dir, Clock.systemUTC());
        token = tokens.issue("studio-plugin", Role.VIEWER).secret();
        WebSettings settings = new TestWebConfig(1_048_576, 3, 130).settings();
        WebAuthenticator authenticator = new WebAuthenticator(settings);
        authenticator.tokens = tokens;
        ApiServlet api = new ApiServlet(authenticator, settings);
        api.addEndpoint(new SecurityEndpoint(tokens), Map.of());
        jetty = new JettyHarness(8, Map.of("/api/*", api, "/ws/*", new UpgradeServlet(authenticator)));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
    }

    @Test
    void theOtherServletAcceptsTheTokenInTheUrlAndRestDoesNot() throws Exception {
        HttpResponse<String> upgrade = jetty.get("/ws/events?access_token=" + token, null);
        assertThat(upgrade.statusCode()).isEqualTo(200);
        assertThat(upgrade.body()).isEqualTo("studio-plugin");

        HttpResponse<String> rest = jetty.get("/api/v1/me?access_token=" + token, null);
        assertThat(rest.statusCode()).isEqualTo(401);
        assertThat(JettyHarness.json(rest).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void bothAcceptTheSameBearerHeader() throws Exception {
        assertThat(jetty.get("/ws/events", "Bearer " + token).body()).isEqualTo("studio-plugin");
        HttpResponse<String> me = jetty.get("/api/v1/me", "Bearer " + token);
        assertThat(JettyHarness.json(me).path("name").asText()).isEqualTo("studio-plugin");
    }

    @Test
    void guessesThroughTheOtherServletThrottleTheRestApi() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> guess = jetty.get("/ws/events?access_token=tbx_guess-" + i, null);
            assertThat(guess.statusCode()).isEqualTo(401);
            assertThat(guess.headers().firstValue("WWW-Authenticate")).contains(Authentication.CHALLENGE);
        }

        HttpResponse<String> rest = jetty.get("/api/v1/me", "Bearer " + token);

        assertThat(rest.statusCode()).isEqualTo(429);
        assertThat(JettyHarness.json(rest).path("title").asText()).isEqualTo("Too Many Requests");
        assertThat(rest.headers().firstValue("Retry-After")).isPresent();
    }
}
