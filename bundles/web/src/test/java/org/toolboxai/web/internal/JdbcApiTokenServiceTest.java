package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

/** The token service of one node against a real embedded H2 (PostgreSQL in the subclass). */
class JdbcApiTokenServiceTest {

    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    final TestStore store = newStore();

    /** The tokens' database: embedded H2 here, PostgreSQL in the subclass. */
    TestStore newStore() {
        return TestStore.onH2();
    }

    JdbcApiTokenService newService() {
        return new JdbcApiTokenService(store, dir, CLOCK);
    }

    /** Every value of every stored row, as the database returns it. */
    static List<String> storedValues(TestStore store) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM api_token");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
            }
        }
        return values;
    }

    static void execute(TestStore store, String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); var statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void issuedSecretAuthenticatesAsTheTokenWithItsRole() {
        JdbcApiTokenService service = newService();

        IssuedToken issued = service.issue("ci-bot", Role.TEACHER);

        assertThat(issued.secret()).startsWith("tbx_");
        assertThat(issued.token().name()).isEqualTo("ci-bot");
        assertThat(issued.token().role()).isEqualTo(Role.TEACHER);
        assertThat(issued.token().createdAt()).isEqualTo(NOW);
        assertThat(issued.token().lastUsedAt()).isNull();
        assertThat(issued.token().id()).matches("[0-9a-f]{12}");
        assertThat(service.authenticate(issued.secret())).contains(new Caller("ci-bot", Role.TEACHER, "token"));
    }

    @Test
    void eachTokenAuthenticatesWithItsOwnRole() {
        JdbcApiTokenService service = newService();
        IssuedToken admin = service.issue("admin-token", Role.ADMIN);
        IssuedToken viewer = service.issue("viewer-token", Role.VIEWER);

        assertThat(admin.secret()).isNotEqualTo(viewer.secret());
        assertThat(service.authenticate(admin.secret()).map(Caller::role)).contains(Role.ADMIN);
        assertThat(service.authenticate(viewer.secret()).map(Caller::role)).contains(Role.VIEWER);
    }

    @Test
    void issuedTokenToStringDoesNotRevealTheSecret() {
        IssuedToken issued = newService().issue("ci-bot", Role.ADMIN);

        assertThat(issued.toString()).doesNotContain(issued.secret());
    }

    @Test
    void theDatabaseHoldsOnlyTheSha256HexOfTheSecret() throws SQLException {
        IssuedToken issued = newService().issue("ci-bot", Role.ADMIN);

        List<String> stored = storedValues(store);

        String hash = TokenSecrets.sha256(issued.secret());
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(stored).contains(hash, issued.token().id(), "ci-bot", "admin");
        String body = issued.secret().substring("tbx_".length());
        assertThat(stored).noneMatch(value -> value != null && value.contains(body));
    }

    @Test
    void sha256IsTheStandardLowerCaseHexDigest() {
        assertThat(TokenSecrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void noTokenFileIsWrittenAnyMore() throws IOException {
        JdbcApiTokenService service = newService();
        service.issue("first", Role.ADMIN);
        service.issue("second", Role.VIEWER);
        service.revoke("first");

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void tokensSurviveANewInstanceOnTheSameDatabase() {
        IssuedToken issued = newService().issue("ci-bot", Role.TEACHER);

        JdbcApiTokenService second = newService();

        assertThat(second.list()).containsExactly(issued.token());
        assertThat(second.authenticate(issued.secret())).contains(new Caller("ci-bot", Role.TEACHER, "token"));
    }

    @Test
    void listIsOrderedByName() {
        JdbcApiTokenService service = newService();
        service.issue("zulu", Role.VIEWER);
        service.issue("alpha", Role.ADMIN);
        service.issue("mike", Role.TEACHER);

        assertThat(service.list()).extracting(ApiToken::name).containsExactly("alpha", "mike", "zulu");
    }

    @Test
    void authenticationRecordsLastUseInTheDatabase() {
        Instant later = NOW.plusSeconds(3600);
        JdbcApiTokenService service = new JdbcApiTokenService(store, dir, Clock.fixed(later, ZoneOffset.UTC));
        IssuedToken issued = service.issue("ci-bot", Role.VIEWER);

        service.authenticate(issued.secret());

        assertThat(service.list()).singleElement().extracting(ApiToken::lastUsedAt).isEqualTo(later);
        assertThat(newService().list()).singleElement().extracting(ApiToken::lastUsedAt).isEqualTo(later);
    }

    @Test
    void revokeByNameStopsAuthentication() {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        IssuedToken kept = service.issue("other", Role.VIEWER);

        assertThat(service.revoke("ci-bot")).isTrue();

        assertThat(service.authenticate(issued.secret())).isEmpty();
        assertThat(service.authenticate(kept.secret())).isPresent();
        assertThat(service.list()).extracting(ApiToken::name).containsExactly("other");
        assertThat(newService().authenticate(issued.secret())).isEmpty();
    }

    @Test
    void revokeByIdStopsAuthentication() {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke(issued.token().id())).isTrue();

        assertThat(service.authenticate(issued.secret())).isEmpty();
        assertThat(newService().authenticate(issued.secret())).isEmpty();
        assertThat(service.list()).isEmpty();
    }

    @Test
    void revokeOfUnknownTokenReturnsFalse() {
        JdbcApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke("nope")).isFalse();
        assertThat(service.revoke(null)).isFalse();
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void revokedNameCanBeIssuedAgainWithANewSecret() {
        JdbcApiTokenService service = newService();
        IssuedToken old = service.issue("ci-bot", Role.ADMIN);
        service.revoke("ci-bot");

        IssuedToken renewed = service.issue("ci-bot", Role.VIEWER);

        assertThat(service.authenticate(old.secret())).isEmpty();
        assertThat(service.authenticate(renewed.secret()).map(Caller::role)).contains(Role.VIEWER);
    }

    @Test
    void duplicateNameIsRejected() {
        JdbcApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThatThrownBy(() -> service.issue("ci-bot", Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void nameEqualToAnExistingTokenIdIsRejectedSoRevokeStaysUnambiguous() {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);

        assertThatThrownBy(() -> service.issue(issued.token().id(), Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(service.list()).hasSize(1);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "-starts-with-dash", ".hidden", "_under", "has space", "slash/name", "ünicode",
            "a\nb", "toolongxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
    void invalidNameIsRejected(String name) throws SQLException {
        JdbcApiTokenService service = newService();

        assertThatThrownBy(() -> service.issue(name, Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-64");
        assertThat(service.list()).isEmpty();
        assertThat(storedValues(store)).isEmpty();
    }

    @Test
    void nameOfExactly64CharactersIsAccepted() {
        String name = "a".repeat(64);

        assertThat(newService().issue(name, Role.VIEWER).token().name()).isEqualTo(name);
        assertThat(newService().list()).extracting(ApiToken::name).containsExactly(name);
        assertThatThrownBy(() -> newService().issue("b".repeat(65), Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingRoleIsRejected() {
        assertThatThrownBy(() -> newService().issue("ci-bot", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "tbx_", "tbx_unknown", "garbage", "Bearer tbx_x", " tbx_abc" })
    void unknownOrGarbageSecretIsRejected(String secret) {
        JdbcApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.authenticate(secret)).isEmpty();
    }

    @Test
    void secretWithoutPrefixOrTooLongIsRejectedEvenIfItsHashWereKnown() {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        String body = issued.secret().substring("tbx_".length());

        assertThat(service.authenticate(body)).isEmpty();
        assertThat(service.authenticate(issued.secret() + "x".repeat(200))).isEmpty();
        assertThat(service.authenticate(issued.secret() + " ")).isEmpty();
        assertThat(service.authenticate(issued.secret().toUpperCase())).isEmpty();
    }

    @Test
    void initialTokenIsWrittenOwnerOnlyAndAuthenticatesAsAdmin() throws IOException, SQLException {
        JdbcApiTokenService service = newService();

        service.firstStart();

        Path file = service.initialToken().file();
        assertThat(file).isEqualTo(dir.resolve("initial-admin-token"));
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n");
        String secret = content.trim();
        assertThat(service.authenticate(secret)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
        assertThat(storedValues(store)).contains(TokenSecrets.sha256(secret)).doesNotContain(secret);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(permissions(file)).isEqualTo("rw-------");
        }
    }

    @Test
    void initialTokenIsIssuedOnlyOncePerInstance() throws IOException {
        JdbcApiTokenService service = newService();
        service.firstStart();
        String first = Files.readString(service.initialToken().file(), StandardCharsets.UTF_8);

        service.firstStart();

        assertThat(Files.readString(service.initialToken().file(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void secondInstanceDoesNotIssueAnotherInitialTokenEvenAfterItWasRevoked() throws IOException {
        JdbcApiTokenService first = newService();
        first.firstStart();
        String secret = Files.readString(first.initialToken().file(), StandardCharsets.UTF_8).trim();
        assertThat(first.revoke(InitialAdminToken.NAME)).isTrue();

        JdbcApiTokenService second = newService();
        second.firstStart();

        assertThat(second.initialToken().file()).doesNotExist();
        assertThat(second.list()).isEmpty();
        assertThat(second.authenticate(secret)).isEmpty();
    }

    @Test
    void revokingTheInitialTokenDeletesItsFile() {
        JdbcApiTokenService service = newService();
        service.firstStart();
        String id = service.list().get(0).id();
        assertThat(service.initialToken().file()).exists();

        assertThat(service.revoke(id)).isTrue();

        assertThat(service.initialToken().file()).doesNotExist();
    }

    @Test
    void revokingAnotherTokenLeavesTheInitialTokenFile() {
        JdbcApiTokenService service = newService();
        service.firstStart();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke("ci-bot")).isTrue();

        assertThat(service.initialToken().file()).exists();
    }

    @Test
    void secondInstanceKeepsTheStillValidInitialTokenAndItsFile() throws IOException {
        JdbcApiTokenService first = newService();
        first.firstStart();
        String content = Files.readString(first.initialToken().file(), StandardCharsets.UTF_8);

        JdbcApiTokenService second = newService();
        second.firstStart();

        assertThat(Files.readString(second.initialToken().file(), StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(second.list()).extracting(ApiToken::name).containsExactly("initial-admin");
        assertThat(second.authenticate(content.trim())).map(Caller::role).contains(Role.ADMIN);
    }

    @Test
    void aFileLeftByAStartThatNeverCommittedIsReplacedByAWorkingToken() throws IOException {
        // the file is written before the commit: a crash in between leaves a secret the database never got
        Path file = dir.resolve(InitialAdminToken.FILE);
        String neverStored = "tbx_" + "n".repeat(43);
        Files.writeString(file, neverStored + "\n");
        JdbcApiTokenService service = newService();

        service.firstStart();

        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertThat(secret).isNotEqualTo(neverStored);
        assertThat(service.authenticate(secret).map(Caller::role)).contains(Role.ADMIN);
        assertThat(service.list()).extracting(ApiToken::name).containsExactly("initial-admin");
    }

    @Test
    void newInstanceOnAnEmptyDirectoryCreatesNothingUntilAsked() throws IOException, SQLException {
        JdbcApiTokenService service = newService();

        assertThat(service.list()).isEmpty();
        assertThat(storedValues(store)).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void tokenWithUnknownStoredRoleDoesNotAuthenticate() throws SQLException {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        execute(store, "UPDATE api_token SET role = 'root' WHERE name = 'ci-bot'");

        Optional<Caller> caller = newService().authenticate(issued.secret());

        assertThat(caller).isEmpty();
        // listed all the same, with the least role, so an administrator can see and revoke it
        assertThat(service.list()).singleElement().extracting(ApiToken::role).isEqualTo(Role.VIEWER);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsA503AndNeverACaller() throws SQLException {
        JdbcApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        execute(store, "DROP TABLE api_token");

        assertThatThrownBy(() -> service.authenticate(issued.secret()))
                .isInstanceOfSatisfying(org.toolboxai.api.http.ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.headers()).containsKey("Retry-After");
                    assertThat(e.getMessage()).doesNotContain(issued.secret());
                });
        assertThatThrownBy(() -> service.issue("other", Role.VIEWER))
                .isInstanceOf(org.toolboxai.api.http.ProblemException.class);
    }
}
