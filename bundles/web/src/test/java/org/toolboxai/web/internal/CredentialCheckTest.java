package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

class CredentialCheckTest {

    /** user -> (password, roles) */
    private static final Map<String, Map.Entry<String, Set<String>>> USERS = Map.of(
            "alice", Map.entry("secret", Set.of("admin", "viewer")),
            "tom", Map.entry("teach", Set.of("viewer", "teacher", "group-x")),
            "vic", Map.entry("look", Set.of("VIEWER")),
            "ops", Map.entry("ssh-only", Set.of("manager", "ssh")),
            "nobody", Map.entry("empty", Set.of()),
            "colon", Map.entry("pa:ss:word", Set.of("teacher")),
            "blank", Map.entry("", Set.of("viewer")),
            "jürgen", Map.entry("pässwörd", Set.of("viewer")));

    @TempDir
    Path dir;

    private JdbcApiTokenService tokens;
    private final List<String> loginUsers = new ArrayList<>();
    private final List<String> loginPasswords = new ArrayList<>();
    private final List<char[]> passwordArrays = new ArrayList<>();
    private CredentialCheck authenticator;

    @BeforeEach
    void setUp() {
        tokens = new JdbcApiTokenService(TestStore.onH2(), dir, Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC));
        PasswordRealm realm = (user, password) -> {
            loginUsers.add(user);
            loginPasswords.add(new String(password));
            passwordArrays.add(password);
            Map.Entry<String, Set<String>> known = USERS.get(user);
            if (known == null || !known.getKey().equals(new String(password))) {
                return Optional.empty();
            }
            return Optional.of(known.getValue());
        };
        authenticator = new CredentialCheck(() -> tokens, realm);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noHeaderIsAnonymous() {
        assertThat(authenticator.header(null)).isEqualTo(new Authentication.Anonymous());
        assertThat(authenticator.header("")).isEqualTo(new Authentication.Anonymous());
        assertThat(authenticator.header("   ")).isEqualTo(new Authentication.Anonymous());
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void basicWithRightPasswordAuthenticatesTheUser() {
        Authentication outcome = authenticator.header(basic("vic:look"));

        assertThat(outcome).isEqualTo(new Authentication.Authenticated(new Caller("vic", Role.VIEWER, "basic")));
        assertThat(loginUsers).containsExactly("vic");
        assertThat(loginPasswords).containsExactly("look");
    }

    @Test
    void basicWithWrongPasswordIsRejectedAsUnauthorized() {
        Authentication outcome = authenticator.header(basic("vic:wrong"));

        assertThat(outcome).isInstanceOfSatisfying(Authentication.Invalid.class,
                r -> assertThat(r.reason()).doesNotContain("wrong"));
    }

    @Test
    void basicForUnknownUserIsRejectedAsUnauthorized() {
        Authentication outcome = authenticator.header(basic("mallory:look"));

        assertThat(outcome).isInstanceOf(Authentication.Invalid.class);
    }

    @Test
    void userWithoutToolboxRolesIsRejectedAsForbidden() {
        Authentication outcome = authenticator.header(basic("ops:ssh-only"));

        assertThat(outcome).isInstanceOfSatisfying(Authentication.Forbidden.class,
                r -> assertThat(r.reason()).contains("ops"));
    }

    @Test
    void userWithNoRolesAtAllIsRejectedAsForbidden() {
        assertThat(authenticator.header(basic("nobody:empty")))
                .isInstanceOf(Authentication.Forbidden.class);
    }

    @Test
    void highestRoleWins() {
        assertThat(authenticator.header(basic("alice:secret")))
                .isEqualTo(new Authentication.Authenticated(new Caller("alice", Role.ADMIN, "basic")));
        assertThat(authenticator.header(basic("tom:teach")))
                .isEqualTo(new Authentication.Authenticated(new Caller("tom", Role.TEACHER, "basic")));
    }

    @Test
    void highestIgnoresUnknownRoleNamesAndCase() {
        assertThat(CredentialCheck.highest(Set.of("viewer", "ADMIN", "manager"))).contains(Role.ADMIN);
        assertThat(CredentialCheck.highest(Set.of("Teacher", "viewer"))).contains(Role.TEACHER);
        assertThat(CredentialCheck.highest(Set.of("manager", "ssh"))).isEmpty();
        assertThat(CredentialCheck.highest(Set.of())).isEmpty();
    }

    @Test
    void passwordContainingColonsIsPassedWhole() {
        Authentication outcome = authenticator.header(basic("colon:pa:ss:word"));

        assertThat(loginUsers).containsExactly("colon");
        assertThat(loginPasswords).containsExactly("pa:ss:word");
        assertThat(outcome).isEqualTo(new Authentication.Authenticated(new Caller("colon", Role.TEACHER, "basic")));
    }

    @Test
    void emptyPasswordIsPassedToTheRealm() {
        Authentication outcome = authenticator.header(basic("blank:"));

        assertThat(loginPasswords).containsExactly("");
        assertThat(outcome).isEqualTo(new Authentication.Authenticated(new Caller("blank", Role.VIEWER, "basic")));
    }

    @Test
    void utf8UserAndPasswordAreDecoded() {
        assertThat(authenticator.header(basic("jürgen:pässwörd")))
                .isEqualTo(new Authentication.Authenticated(new Caller("jürgen", Role.VIEWER, "basic")));
    }

    @Test
    void passwordCharsAreClearedAfterLogin() {
        authenticator.header(basic("vic:look"));

        assertThat(passwordArrays).singleElement().satisfies(chars -> assertThat(new String(chars)).isEqualTo("\0".repeat(4)));
    }

    @Test
    void schemeIsCaseInsensitiveAndExtraSpacesAreTolerated() {
        String encoded = Base64.getEncoder().encodeToString("vic:look".getBytes(StandardCharsets.UTF_8));

        assertThat(authenticator.header("basic " + encoded)).isInstanceOf(Authentication.Authenticated.class);
        assertThat(authenticator.header("BASIC   " + encoded + "  ")).isInstanceOf(Authentication.Authenticated.class);
    }

    @Test
    void badBase64IsRejectedWithoutAskingTheRealm() {
        Authentication outcome = authenticator.header("Basic !!!not-base64!!!");

        assertThat(outcome).isInstanceOfSatisfying(Authentication.Invalid.class, r -> {
            assertThat(r.reason()).contains("Base64");
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void missingColonIsRejectedWithoutAskingTheRealm() {
        Authentication outcome = authenticator.header(basic("vic-look"));

        assertThat(outcome).isInstanceOfSatisfying(Authentication.Invalid.class, r -> {
            assertThat(r.reason()).contains("user:password");
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void emptyUserNameIsRejectedWithoutAskingTheRealm() {
        assertThat(authenticator.header(basic(":look"))).isInstanceOf(Authentication.Invalid.class);
        assertThat(authenticator.header("Basic ")).isInstanceOf(Authentication.Invalid.class);
        assertThat(loginUsers).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Digest username=\"vic\"", "Negotiate abc", "Token tbx_abc" })
    void unknownSchemeIsRejectedNamingIt(String header) {
        Authentication outcome = authenticator.header(header);

        String scheme = header.substring(0, header.indexOf(' '));
        assertThat(outcome).isInstanceOfSatisfying(Authentication.Invalid.class, r -> {
            assertThat(r.reason()).contains(scheme);
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void headerWithoutCredentialsAfterTheSchemeIsRejected() {
        assertThat(authenticator.header("Basic")).isInstanceOf(Authentication.Invalid.class);
        assertThat(authenticator.header("Bearer")).isInstanceOf(Authentication.Invalid.class);
    }

    @Test
    void bearerWithValidTokenAuthenticatesTheToken() {
        IssuedToken issued = tokens.issue("ci-bot", Role.TEACHER);

        assertThat(authenticator.header("Bearer " + issued.secret()))
                .isEqualTo(new Authentication.Authenticated(new Caller("ci-bot", Role.TEACHER, "token")));
        assertThat(authenticator.header("bearer  " + issued.secret() + " "))
                .isInstanceOf(Authentication.Authenticated.class);
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void bearerWithUnknownOrRevokedTokenIsRejectedAsUnauthorized() {
        IssuedToken issued = tokens.issue("ci-bot", Role.ADMIN);
        tokens.revoke("ci-bot");

        assertThat(authenticator.header("Bearer " + issued.secret()))
                .isInstanceOf(Authentication.Invalid.class);
        assertThat(authenticator.header("Bearer tbx_unknown"))
                .isInstanceOf(Authentication.Invalid.class);
        assertThat(authenticator.header("Bearer not-a-token")).isInstanceOf(Authentication.Invalid.class);
    }
}
