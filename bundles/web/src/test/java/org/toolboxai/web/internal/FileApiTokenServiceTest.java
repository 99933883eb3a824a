package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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

class FileApiTokenServiceTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private FileApiTokenService newService() {
        return new FileApiTokenService(dir, CLOCK);
    }

    private Path tokensJson() {
        return dir.resolve("tokens.json");
    }

    private static void assumePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void issuedSecretAuthenticatesAsTheTokenWithItsRole() {
        FileApiTokenService service = newService();

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
        FileApiTokenService service = newService();
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
    void tokenStoreHoldsOnlyTheSha256HexOfTheSecret() throws IOException {
        FileApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);

        String stored = Files.readString(tokensJson(), StandardCharsets.UTF_8);

        String hash = FileApiTokenService.sha256(issued.secret());
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(stored).contains("\"" + hash + "\"");
        assertThat(stored).doesNotContain(issued.secret());
        assertThat(stored).doesNotContain(issued.secret().substring("tbx_".length()));
    }

    @Test
    void sha256IsTheStandardLowerCaseHexDigest() {
        assertThat(FileApiTokenService.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void tokenStoreIsReadableOnlyByItsOwner() throws IOException {
        assumePosix();
        FileApiTokenService service = newService();
        service.issue("first", Role.ADMIN);
        assertThat(permissions(tokensJson())).isEqualTo("rw-------");

        service.issue("second", Role.VIEWER);
        service.revoke("first");

        assertThat(permissions(tokensJson())).isEqualTo("rw-------");
        assertThat(dir.resolve("tokens.json.tmp")).doesNotExist();
    }

    @Test
    void tokensSurviveANewInstanceOnTheSameDirectory() {
        FileApiTokenService first = newService();
        IssuedToken issued = first.issue("ci-bot", Role.TEACHER);

        FileApiTokenService second = newService();

        assertThat(second.list()).containsExactly(issued.token());
        assertThat(second.authenticate(issued.secret())).contains(new Caller("ci-bot", Role.TEACHER, "token"));
    }

    @Test
    void listIsOrderedByName() {
        FileApiTokenService service = newService();
        service.issue("zulu", Role.VIEWER);
        service.issue("alpha", Role.ADMIN);
        service.issue("mike", Role.TEACHER);

        assertThat(service.list()).extracting(ApiToken::name).containsExactly("alpha", "mike", "zulu");
    }

    @Test
    void authenticationRecordsLastUseAndDeactivatePersistsIt() {
        Instant later = NOW.plusSeconds(3600);
        FileApiTokenService service = new FileApiTokenService(dir, Clock.fixed(later, ZoneOffset.UTC));
        IssuedToken issued = service.issue("ci-bot", Role.VIEWER);

        service.authenticate(issued.secret());
        assertThat(service.list()).singleElement().extracting(ApiToken::lastUsedAt).isEqualTo(later);

        service.deactivate();

        assertThat(newService().list()).singleElement().extracting(ApiToken::lastUsedAt).isEqualTo(later);
    }

    @Test
    void revokeByNameStopsAuthentication() {
        FileApiTokenService service = newService();
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
        FileApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke(issued.token().id())).isTrue();

        assertThat(service.authenticate(issued.secret())).isEmpty();
        assertThat(newService().authenticate(issued.secret())).isEmpty();
        assertThat(service.list()).isEmpty();
    }

    @Test
    void revokeOfUnknownTokenReturnsFalse() {
        FileApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke("nope")).isFalse();
        assertThat(service.revoke(null)).isFalse();
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void revokedNameCanBeIssuedAgainWithANewSecret() {
        FileApiTokenService service = newService();
        IssuedToken old = service.issue("ci-bot", Role.ADMIN);
        service.revoke("ci-bot");

        IssuedToken renewed = service.issue("ci-bot", Role.VIEWER);

        assertThat(service.authenticate(old.secret())).isEmpty();
        assertThat(service.authenticate(renewed.secret()).map(Caller::role)).contains(Role.VIEWER);
    }

    @Test
    void duplicateNameIsRejected() {
        FileApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThatThrownBy(() -> service.issue("ci-bot", Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void nameEqualToAnExistingTokenIdIsRejectedSoRevokeStaysUnambiguous() {
        FileApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);

        assertThatThrownBy(() -> service.issue(issued.token().id(), Role.VIEWER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "-starts-with-dash", ".hidden", "_under", "has space", "slash/name", "ünicode",
            "a\nb", "toolongxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
    void invalidNameIsRejected(String name) {
        FileApiTokenService service = newService();

        assertThatThrownBy(() -> service.issue(name, Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-64");
        assertThat(service.list()).isEmpty();
        assertThat(tokensJson()).doesNotExist();
    }

    @Test
    void nameOfExactly64CharactersIsAccepted() {
        String name = "a".repeat(64);

        assertThat(newService().issue(name, Role.VIEWER).token().name()).isEqualTo(name);
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
        FileApiTokenService service = newService();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.authenticate(secret)).isEmpty();
    }

    @Test
    void secretWithoutPrefixOrTooLongIsRejectedEvenIfItsHashWereKnown() {
        FileApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        String body = issued.secret().substring("tbx_".length());

        assertThat(service.authenticate(body)).isEmpty();
        assertThat(service.authenticate(issued.secret() + "x".repeat(200))).isEmpty();
        assertThat(service.authenticate(issued.secret() + " ")).isEmpty();
        assertThat(service.authenticate(issued.secret().toUpperCase())).isEmpty();
    }

    @Test
    void initialTokenIsWrittenOwnerOnlyAndAuthenticatesAsAdmin() throws IOException {
        FileApiTokenService service = newService();

        service.issueInitialTokenIfFirstStart();

        Path file = service.initialTokenFile();
        assertThat(file).isEqualTo(dir.resolve("initial-admin-token"));
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n");
        String secret = content.trim();
        assertThat(service.authenticate(secret)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
        assertThat(Files.readString(tokensJson(), StandardCharsets.UTF_8)).doesNotContain(secret);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(permissions(file)).isEqualTo("rw-------");
            assertThat(permissions(tokensJson())).isEqualTo("rw-------");
        }
    }

    @Test
    void initialTokenIsIssuedOnlyOncePerInstance() throws IOException {
        FileApiTokenService service = newService();
        service.issueInitialTokenIfFirstStart();
        String first = Files.readString(service.initialTokenFile(), StandardCharsets.UTF_8);

        service.issueInitialTokenIfFirstStart();

        assertThat(Files.readString(service.initialTokenFile(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(service.list()).hasSize(1);
    }

    @Test
    void secondInstanceDoesNotIssueAnotherInitialTokenEvenAfterItWasRevoked() throws IOException {
        FileApiTokenService first = newService();
        first.issueInitialTokenIfFirstStart();
        String secret = Files.readString(first.initialTokenFile(), StandardCharsets.UTF_8).trim();
        assertThat(first.revoke(FileApiTokenService.INITIAL_TOKEN_NAME)).isTrue();

        FileApiTokenService second = newService();
        second.issueInitialTokenIfFirstStart();

        assertThat(second.initialTokenFile()).doesNotExist();
        assertThat(second.list()).isEmpty();
        assertThat(second.authenticate(secret)).isEmpty();
    }

    @Test
    void revokingTheInitialTokenDeletesItsFile() {
        FileApiTokenService service = newService();
        service.issueInitialTokenIfFirstStart();
        String id = service.list().get(0).id();
        assertThat(service.initialTokenFile()).exists();

        assertThat(service.revoke(id)).isTrue();

        assertThat(service.initialTokenFile()).doesNotExist();
    }

    @Test
    void revokingAnotherTokenLeavesTheInitialTokenFile() {
        FileApiTokenService service = newService();
        service.issueInitialTokenIfFirstStart();
        service.issue("ci-bot", Role.ADMIN);

        assertThat(service.revoke("ci-bot")).isTrue();

        assertThat(service.initialTokenFile()).exists();
    }

    @Test
    void secondInstanceKeepsTheStillValidInitialTokenAndItsFile() throws IOException {
        FileApiTokenService first = newService();
        first.issueInitialTokenIfFirstStart();
        String content = Files.readString(first.initialTokenFile(), StandardCharsets.UTF_8);

        FileApiTokenService second = newService();
        second.issueInitialTokenIfFirstStart();

        assertThat(Files.readString(second.initialTokenFile(), StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(second.list()).extracting(ApiToken::name).containsExactly("initial-admin");
        assertThat(second.authenticate(content.trim())).map(Caller::role).contains(Role.ADMIN);
    }

    @Test
    void newInstanceOnAnEmptyDirectoryCreatesNothingUntilAsked() throws IOException {
        FileApiTokenService service = newService();

        assertThat(service.list()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theDirectoryIsCreatedOwnerOnly() throws IOException {
        assumePosix();
        Path fresh = dir.resolve("data/toolbox");

        new FileApiTokenService(fresh, CLOCK);

        assertThat(permissions(fresh)).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryOpenToOthersIsMadeOwnerOnly() throws IOException {
        assumePosix();
        Path existing = Files.createDirectories(dir.resolve("toolbox"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(existing.resolve("store.mv.db"), "database");

        new FileApiTokenService(existing, CLOCK);

        assertThat(permissions(existing)).isEqualTo("rwx------");
        assertThat(existing.resolve("store.mv.db")).hasContent("database");
    }

    @Test
    void unreadableTokenStoreFailsWithAnActionableMessage() throws IOException {
        Files.writeString(tokensJson(), "{ not json");

        assertThatThrownBy(this::newService)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tokens.json")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void tokenWithUnknownStoredRoleDoesNotAuthenticate() throws IOException {
        FileApiTokenService service = newService();
        IssuedToken issued = service.issue("ci-bot", Role.ADMIN);
        String edited = Files.readString(tokensJson()).replace("\"admin\"", "\"root\"");
        Files.writeString(tokensJson(), edited);

        Optional<Caller> caller = newService().authenticate(issued.secret());

        assertThat(caller).isEmpty();
    }
}
