package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/** The authenticator service: every way in, one throttle per address, settings followed. */
class WebAuthenticatorTest {

    private static final String HOME = "192.0.2.1";
    private static final String ELSEWHERE = "192.0.2.2";

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> realmsAsked = new ArrayList<>();
    private WebSettings settings;
    private WebAuthenticator authenticator;
    private String token;

    @BeforeEach
    void setUp() {
        JdbcApiTokenService tokens = new JdbcApiTokenService(TestStore.onH2(), dir, Clock.systemUTC());
        token = tokens.issue("ws-client", Role.VIEWER).secret();
        settings = new TestWebConfig(1_048_576, 2, 130).settings();
        authenticator = new WebAuthenticator(tokens, settings, realm -> {
            realmsAsked.add(realm);
            return (user, password) -> user.equals("ops")
                    ? Optional.of(Set.of("ssh"))
                    : new String(password).equals("right") ? Optional.of(Set.of("teacher")) : Optional.empty();
        }, now::get);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenInTheUrlIsAcceptedOnlyWhereTheCallerAsksForIt() {
        assertThat(authenticator.authenticateUrlToken(null, token, HOME).caller())
                .contains(new Caller("ws-client", Role.VIEWER, "token"));
        // the header-only method has no way to see a URL token
        assertThat(authenticator.authenticate(null, HOME)).isInstanceOf(Authentication.Anonymous.class);
    }

    @Test
    void theHeaderStillWorksWhereUrlTokensAreAllowed() {
        assertThat(authenticator.authenticateUrlToken("Bearer " + token, null, HOME).caller()).isPresent();
        assertThat(authenticator.authenticateUrlToken(basic("tom", "right"), "", HOME).caller())
                .contains(new Caller("tom", Role.TEACHER, "basic"));
    }

    @Test
    void aTokenSentInTwoPlacesIsRefusedWithoutCountingAsAGuess() {
        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticateUrlToken("Bearer " + token, token, HOME))
                    .isInstanceOfSatisfying(Authentication.Invalid.class, r -> assertThat(r.reason()).contains("not both"));
        }
        assertThat(authenticator.authenticate("Bearer " + token, HOME).caller()).isPresent();
    }

    @Test
    void guessesThroughTheUrlAndThroughTheHeaderCountAgainstTheSameAddress() {
        authenticator.authenticateUrlToken(null, "tbx_guess-1", HOME);
        authenticator.authenticate(basic("tom", "guess"), HOME);

        Authentication header = authenticator.authenticate(basic("tom", "right"), HOME);
        Authentication url = authenticator.authenticateUrlToken(null, token, HOME);

        // right credentials wait too: a throttled address is not even checked
        assertThat(header).isInstanceOfSatisfying(Authentication.Throttled.class, t -> {
            assertThat(t.status()).isEqualTo(429);
            assertThat(t.retryAfterSeconds()).isBetween(1L, 60L);
            assertThat(t.headers()).containsEntry("Retry-After", Long.toString(t.retryAfterSeconds()));
        });
        assertThat(url).isInstanceOf(Authentication.Throttled.class);
        assertThat(authenticator.authenticate(basic("tom", "right"), ELSEWHERE).caller()).isPresent();
    }

    @Test
    void theThrottleEndsWithItsMinute() {
        authenticator.authenticate("Bearer tbx_guess-1", HOME);
        authenticator.authenticate("Bearer tbx_guess-2", HOME);
        assertThat(authenticator.authenticate("Bearer " + token, HOME)).isInstanceOf(Authentication.Throttled.class);

        now.addAndGet(LoginThrottle.WINDOW_MILLIS);

        assertThat(authenticator.authenticate("Bearer " + token, HOME).caller()).isPresent();
    }

    @Test
    void requestsWithoutCredentialsAreNeverThrottledSoProbesKeepWorking() {
        authenticator.authenticate("Bearer tbx_guess-1", HOME);
        authenticator.authenticate("Bearer tbx_guess-2", HOME);

        assertThat(authenticator.authenticate(null, HOME)).isInstanceOf(Authentication.Anonymous.class);
        assertThat(authenticator.authenticateUrlToken(null, null, HOME)).isInstanceOf(Authentication.Anonymous.class);
    }

    @Test
    void aRightPasswordWithoutAToolboxRoleIsForbiddenAndNoGuess() {
        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate(basic("ops", "any"), HOME))
                    .isInstanceOfSatisfying(Authentication.Forbidden.class, f -> assertThat(f.status()).isEqualTo(403));
        }
        assertThat(authenticator.authenticate(basic("tom", "right"), HOME).caller()).isPresent();
    }

    @Test
    void aChangedLimitAndRealmApplyToTheNextCall() {
        authenticator.authenticate(basic("tom", "right"), HOME);
        assertThat(realmsAsked).containsExactly("karaf");

        settings.modified(new TestWebConfig(1_048_576, 1, 130, "school"));
        authenticator.authenticate("Bearer tbx_guess", HOME);

        assertThat(realmsAsked).containsExactly("karaf", "school");
        assertThat(authenticator.authenticate("Bearer " + token, HOME)).isInstanceOf(Authentication.Throttled.class);
    }

    @Test
    void deniedOutcomesCarryTheirStatusAndChallenge() {
        Authentication.Denied anonymous = (Authentication.Denied) authenticator.authenticate(null, HOME);
        Authentication.Denied invalid = (Authentication.Denied) authenticator.authenticate("Bearer tbx_nope", HOME);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.headers()).containsEntry("WWW-Authenticate", Authentication.CHALLENGE);
        assertThat(invalid.reason()).doesNotContain("tbx_nope");
    }
}
