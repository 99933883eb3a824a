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
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

class AuthenticatorTest {

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

    private FileApiTokenService tokens;
    private final List<String> loginUsers = new ArrayList<>();
    private final List<String> loginPasswords = new ArrayList<>();
    private final List<char[]> passwordArrays = new ArrayList<>();
    private Authenticator authenticator;

    @BeforeEach
    void setUp() {
        tokens = new FileApiTokenService(dir, Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC));
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
        authenticator = new Authenticator(tokens, realm);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noHeaderIsAnonymous() {
        assertThat(authenticator.authenticate(null)).isEqualTo(new Authenticator.Anonymous());
        assertThat(authenticator.authenticate("")).isEqualTo(new Authenticator.Anonymous());
        assertThat(authenticator.authenticate("   ")).isEqualTo(new Authenticator.Anonymous());
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void basicWithRightPasswordAuthenticatesTheUser() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("vic:look"));

        assertThat(outcome).isEqualTo(new Authenticator.Authenticated(new Caller("vic", Role.VIEWER, "basic")));
        assertThat(loginUsers).containsExactly("vic");
        assertThat(loginPasswords).containsExactly("look");
    }

    @Test
    void basicWithWrongPasswordIsRejectedAsUnauthorized() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("vic:wrong"));

        assertThat(outcome).isInstanceOf(Authenticator.Rejected.class);
        Authenticator.Rejected rejected = (Authenticator.Rejected) outcome;
        assertThat(rejected.forbidden()).isFalse();
        assertThat(rejected.reason()).doesNotContain("wrong");
    }

    @Test
    void basicForUnknownUserIsRejectedAsUnauthorized() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("mallory:look"));

        assertThat(outcome).isInstanceOfSatisfying(Authenticator.Rejected.class,
                r -> assertThat(r.forbidden()).isFalse());
    }

    @Test
    void userWithoutToolboxRolesIsRejectedAsForbidden() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("ops:ssh-only"));

        assertThat(outcome).isInstanceOfSatisfying(Authenticator.Rejected.class, r -> {
            assertThat(r.forbidden()).isTrue();
            assertThat(r.reason()).contains("ops");
        });
    }

    @Test
    void userWithNoRolesAtAllIsRejectedAsForbidden() {
        assertThat(authenticator.authenticate(basic("nobody:empty")))
                .isInstanceOfSatisfying(Authenticator.Rejected.class, r -> assertThat(r.forbidden()).isTrue());
    }

    @Test
    void highestRoleWins() {
        assertThat(authenticator.authenticate(basic("alice:secret")))
                .isEqualTo(new Authenticator.Authenticated(new Caller("alice", Role.ADMIN, "basic")));
        assertThat(authenticator.authenticate(basic("tom:teach")))
                .isEqualTo(new Authenticator.Authenticated(new Caller("tom", Role.TEACHER, "basic")));
    }

    @Test
    void highestIgnoresUnknownRoleNamesAndCase() {
        assertThat(Authenticator.highest(Set.of("viewer", "ADMIN", "manager"))).contains(Role.ADMIN);
        assertThat(Authenticator.highest(Set.of("Teacher", "viewer"))).contains(Role.TEACHER);
        assertThat(Authenticator.highest(Set.of("manager", "ssh"))).isEmpty();
        assertThat(Authenticator.highest(Set.of())).isEmpty();
    }

    @Test
    void passwordContainingColonsIsPassedWhole() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("colon:pa:ss:word"));

        assertThat(loginUsers).containsExactly("colon");
        assertThat(loginPasswords).containsExactly("pa:ss:word");
        assertThat(outcome).isEqualTo(new Authenticator.Authenticated(new Caller("colon", Role.TEACHER, "basic")));
    }

    @Test
    void emptyPasswordIsPassedToTheRealm() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("blank:"));

        assertThat(loginPasswords).containsExactly("");
        assertThat(outcome).isEqualTo(new Authenticator.Authenticated(new Caller("blank", Role.VIEWER, "basic")));
    }

    @Test
    void utf8UserAndPasswordAreDecoded() {
        assertThat(authenticator.authenticate(basic("jürgen:pässwörd")))
                .isEqualTo(new Authenticator.Authenticated(new Caller("jürgen", Role.VIEWER, "basic")));
    }

    @Test
    void passwordCharsAreClearedAfterLogin() {
        authenticator.authenticate(basic("vic:look"));

        assertThat(passwordArrays).singleElement().satisfies(chars -> assertThat(new String(chars)).isEqualTo("\0".repeat(4)));
    }

    @Test
    void schemeIsCaseInsensitiveAndExtraSpacesAreTolerated() {
        String encoded = Base64.getEncoder().encodeToString("vic:look".getBytes(StandardCharsets.UTF_8));

        assertThat(authenticator.authenticate("basic " + encoded)).isInstanceOf(Authenticator.Authenticated.class);
        assertThat(authenticator.authenticate("BASIC   " + encoded + "  ")).isInstanceOf(Authenticator.Authenticated.class);
    }

    @Test
    void badBase64IsRejectedWithoutAskingTheRealm() {
        Authenticator.Outcome outcome = authenticator.authenticate("Basic !!!not-base64!!!");

        assertThat(outcome).isInstanceOfSatisfying(Authenticator.Rejected.class, r -> {
            assertThat(r.forbidden()).isFalse();
            assertThat(r.reason()).contains("Base64");
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void missingColonIsRejectedWithoutAskingTheRealm() {
        Authenticator.Outcome outcome = authenticator.authenticate(basic("vic-look"));

        assertThat(outcome).isInstanceOfSatisfying(Authenticator.Rejected.class, r -> {
            assertThat(r.forbidden()).isFalse();
            assertThat(r.reason()).contains("user:password");
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void emptyUserNameIsRejectedWithoutAskingTheRealm() {
        assertThat(authenticator.authenticate(basic(":look"))).isInstanceOf(Authenticator.Rejected.class);
        assertThat(authenticator.authenticate("Basic ")).isInstanceOf(Authenticator.Rejected.class);
        assertThat(loginUsers).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Digest username=\"vic\"", "Negotiate abc", "Token tbx_abc" })
    void unknownSchemeIsRejectedNamingIt(String header) {
        Authenticator.Outcome outcome = authenticator.authenticate(header);

        String scheme = header.substring(0, header.indexOf(' '));
        assertThat(outcome).isInstanceOfSatisfying(Authenticator.Rejected.class, r -> {
            assertThat(r.forbidden()).isFalse();
            assertThat(r.reason()).contains(scheme);
        });
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void headerWithoutCredentialsAfterTheSchemeIsRejected() {
        assertThat(authenticator.authenticate("Basic")).isInstanceOfSatisfying(Authenticator.Rejected.class,
                r -> assertThat(r.forbidden()).isFalse());
        assertThat(authenticator.authenticate("Bearer")).isInstanceOf(Authenticator.Rejected.class);
    }

    @Test
    void bearerWithValidTokenAuthenticatesTheToken() {
        IssuedToken issued = tokens.issue("ci-bot", Role.TEACHER);

        assertThat(authenticator.authenticate("Bearer " + issued.secret()))
                .isEqualTo(new Authenticator.Authenticated(new Caller("ci-bot", Role.TEACHER, "token")));
        assertThat(authenticator.authenticate("bearer  " + issued.secret() + " "))
                .isInstanceOf(Authenticator.Authenticated.class);
        assertThat(loginUsers).isEmpty();
    }

    @Test
    void bearerWithUnknownOrRevokedTokenIsRejectedAsUnauthorized() {
        IssuedToken issued = tokens.issue("ci-bot", Role.ADMIN);
        tokens.revoke("ci-bot");

        assertThat(authenticator.authenticate("Bearer " + issued.secret()))
                .isInstanceOfSatisfying(Authenticator.Rejected.class, r -> assertThat(r.forbidden()).isFalse());
        assertThat(authenticator.authenticate("Bearer tbx_unknown"))
                .isInstanceOfSatisfying(Authenticator.Rejected.class, r -> assertThat(r.forbidden()).isFalse());
        assertThat(authenticator.authenticate("Bearer not-a-token")).isInstanceOf(Authenticator.Rejected.class);
    }
}
