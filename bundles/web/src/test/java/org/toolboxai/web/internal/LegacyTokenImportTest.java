package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * The upgrade of an install that kept its tokens in {@code data/toolbox/tokens.json}: the file as
 * the file-based token service wrote it, imported on the first start with the database. On
 * embedded H2 here, on PostgreSQL in the subclass.
 */
class LegacyTokenImportTest {

    private static final String CI_SECRET = "tbx_" + "c".repeat(43);
    private static final String ADMIN_SECRET = "tbx_" + "a".repeat(43);

    @TempDir
    Path dir;

    private final TestStore store = newStore();

    /** The database upgraded to: embedded H2 here, PostgreSQL in the subclass. */
    TestStore newStore() {
        return TestStore.onH2();
    }

    private JdbcApiTokenService node(Path directory) {
        return new JdbcApiTokenService(store, directory, JdbcApiTokenServiceTest.CLOCK);
    }

    /** A token entry as the file-based service wrote it (snake_case, ISO times, no null fields). */
    private static String entry(String id, String name, String role, String secret, String createdAt, String lastUsedAt) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"role\":\"" + role + "\",\"sha256\":\""
                + TokenSecrets.sha256(secret) + "\",\"created_at\":\"" + createdAt + "\""
                + (lastUsedAt == null ? "" : ",\"last_used_at\":\"" + lastUsedAt + "\"") + "}";
    }

    private static final String CI_BOT = entry("0a1b2c3d4e5f", "ci-bot", "teacher", CI_SECRET, "2024-03-01T08:00:00Z",
            "2024-04-30T17:00:00Z");
    private static final String INITIAL = entry("feedc0ffee00", "initial-admin", "admin", ADMIN_SECRET,
            "2024-01-01T00:00:00Z", null);

    private Path legacyFile(Path directory, boolean initialTokenIssued, String... entries) throws IOException {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve("tokens.json"), "{\"version\":1,\"initial_token_issued\":"
                + initialTokenIssued + ",\"tokens\":[" + String.join(",", entries) + "]}", StandardCharsets.UTF_8);
    }

    @Test
    void anOlderInstallsTokensKeepWorkingAfterTheUpgrade() throws IOException {
        legacyFile(dir, true, CI_BOT, INITIAL);
        Files.writeString(dir.resolve(InitialAdminToken.FILE), ADMIN_SECRET + "\n");
        JdbcApiTokenService service = node(dir);

        service.firstStart();

        assertThat(service.list()).containsExactly(
                new ApiToken("0a1b2c3d4e5f", "ci-bot", Role.TEACHER, Instant.parse("2024-03-01T08:00:00Z"),
                        Instant.parse("2024-04-30T17:00:00Z")),
                new ApiToken("feedc0ffee00", "initial-admin", Role.ADMIN, Instant.parse("2024-01-01T00:00:00Z"), null));
        assertThat(service.authenticate(CI_SECRET)).contains(new Caller("ci-bot", Role.TEACHER, "token"));
        assertThat(service.authenticate(ADMIN_SECRET)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
        assertThat(dir.resolve("tokens.json")).doesNotExist();
        assertThat(dir.resolve("tokens.json.imported")).exists();
        // the still valid initial token and its file are kept, and no other is issued
        assertThat(Files.readString(dir.resolve(InitialAdminToken.FILE), StandardCharsets.UTF_8)).isEqualTo(ADMIN_SECRET + "\n");
    }

    @Test
    void anInitialTokenRevokedBeforeTheUpgradeIsNotIssuedAgain() throws IOException {
        legacyFile(dir, true, CI_BOT);
        JdbcApiTokenService service = node(dir);

        service.firstStart();

        assertThat(service.list()).extracting(ApiToken::name).containsExactly("ci-bot");
        assertThat(dir.resolve(InitialAdminToken.FILE)).doesNotExist();
    }

    @Test
    void anInitialTokenNeverRecordedAsIssuedIsReplacedByOneThatWorks() throws IOException {
        // the file-based service crashed between issuing the token and recording it: nobody knows that secret
        legacyFile(dir, false, CI_BOT, INITIAL);
        JdbcApiTokenService service = node(dir);

        service.firstStart();

        String secret = Files.readString(dir.resolve(InitialAdminToken.FILE), StandardCharsets.UTF_8).trim();
        assertThat(secret).isNotEqualTo(ADMIN_SECRET);
        assertThat(service.authenticate(secret)).contains(new Caller("initial-admin", Role.ADMIN, "token"));
        assertThat(service.authenticate(ADMIN_SECRET)).isEmpty();
        assertThat(service.list()).extracting(ApiToken::name).containsExactly("ci-bot", "initial-admin");
    }

    @Test
    void anEmptyFileOfANeverStartedInstallLeadsToTheInitialToken() throws IOException {
        legacyFile(dir, false);
        JdbcApiTokenService service = node(dir);

        service.firstStart();

        assertThat(service.list()).extracting(ApiToken::name).containsExactly("initial-admin");
        assertThat(dir.resolve("tokens.json.imported")).exists();
    }

    @Test
    void theImportHappensOnceAndNeverOverTokensAlreadyInTheDatabase() throws IOException {
        legacyFile(dir, true, CI_BOT);
        node(dir).firstStart();
        // another node, upgraded later, with tokens of its own
        Path other = dir.resolve("other-node");
        String otherSecret = "tbx_" + "o".repeat(43);
        Path otherFile = legacyFile(other, true, entry("0123456789ab", "lms", "viewer", otherSecret,
                "2024-02-01T00:00:00Z", null));
        JdbcApiTokenService otherNode = node(other);

        otherNode.firstStart();

        assertThat(otherNode.list()).extracting(ApiToken::name).containsExactly("ci-bot");
        assertThat(otherNode.authenticate(otherSecret)).isEmpty();
        assertThat(otherFile).as("left for an administrator to look at").exists();
        assertThat(other.resolve("tokens.json.imported")).doesNotExist();
    }

    @Test
    void anUnreadableFileStopsTheStartWithAnActionableMessage() throws IOException, SQLException {
        Files.writeString(dir.resolve("tokens.json"), "{ not json");
        JdbcApiTokenService service = node(dir);

        assertThatThrownBy(service::firstStart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tokens.json")
                .hasMessageContaining("cannot be read");
        assertThat(JdbcApiTokenServiceTest.storedValues(store)).isEmpty();
        assertThat(dir.resolve("tokens.json")).exists();
        assertThat(dir.resolve(InitialAdminToken.FILE)).doesNotExist();
    }

    @Test
    void aFileNamingATokenTwiceImportsNothing() throws IOException, SQLException {
        legacyFile(dir, true, CI_BOT, entry("999999999999", "ci-bot", "viewer", "tbx_" + "d".repeat(43),
                "2024-03-02T08:00:00Z", null));
        JdbcApiTokenService service = node(dir);

        assertThatThrownBy(service::firstStart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be stored")
                .hasMessageContaining("remove it to start without its tokens");
        assertThat(JdbcApiTokenServiceTest.storedValues(store)).isEmpty();
        assertThat(dir.resolve("tokens.json")).exists();
    }
}
