package org.toolboxai.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

/**
 * API tokens kept in {@code data/toolbox/tokens.json}, readable only by the owner, secrets
 * stored as SHA-256 hashes (a token is 256 random bits, so a fast hash is the right one: there
 * is nothing to brute-force). On the very first start it issues an admin token and writes it to
 * {@code data/toolbox/initial-admin-token}, as Jenkins does with its initial password.
 */
// immediate: it makes data/toolbox owner-only while the first boot stage starts this bundle, before
// the second stage's pax-jdbc opens the database in that directory
@Component(service = ApiTokenService.class, immediate = true)
public class FileApiTokenService implements ApiTokenService {

    static final String INITIAL_TOKEN_NAME = "initial-admin";
    static final String INITIAL_TOKEN_FILE = "initial-admin-token";
    private static final Logger LOG = LoggerFactory.getLogger(FileApiTokenService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SECRET_PREFIX = "tbx_";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final Clock clock;
    private final JsonCodec json = new JsonCodec();
    private final SecureRandom random = new SecureRandom();
    /** SHA-256 of the secret -> token: lookups never lock and allocate little (they run per request). */
    private final Map<ByteBuffer, Live> byHash = new ConcurrentHashMap<>();
    private boolean initialTokenIssued;

    /** Stores under {@code ${karaf.data}/toolbox}. */
    @Activate
    public FileApiTokenService() {
        this(Paths.get(System.getProperty("karaf.data", "data"), "toolbox"), Clock.systemUTC());
        issueInitialTokenIfFirstStart();
    }

    FileApiTokenService(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        makeOwnerOnly(directory);
        load();
    }

    /**
     * The directory also holds the H2 database, whose files H2 creates with the JVM's umask (often
     * world-readable), and Java cannot set a umask; but no other user reaches a file inside a
     * directory only its owner may enter. An existing directory (an older install) is tightened.
     */
    static void makeOwnerOnly(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } catch (FileAlreadyExistsException e) {
                    // created meanwhile: its permissions are checked below
                }
            }
            if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
                LOG.info("{} was open to other users; it is now owner-only (rwx------)", directory.toAbsolutePath());
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the data folder's ACLs apply
            try {
                Files.createDirectories(directory);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot create " + directory, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory + " owner-only", e);
        }
    }

    /** Writes the last-use times that are only in memory. */
    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (byHash.values().stream().anyMatch(live -> live.usedMillis.get() != 0)) {
                save();
            }
        }
    }

    Path initialTokenFile() {
        return directory.resolve(INITIAL_TOKEN_FILE);
    }

    synchronized void issueInitialTokenIfFirstStart() {
        if (initialTokenIssued) {
            return;
        }
        // a crash after issuing but before recording it left a token nobody knows: replace it
        find(INITIAL_TOKEN_NAME).ifPresent(stale -> revoke(stale.id()));
        IssuedToken issued = issue(INITIAL_TOKEN_NAME, Role.ADMIN);
        Path file = initialTokenFile();
        try {
            Files.deleteIfExists(file);
            writeOwnerOnly(file, (issued.secret() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin token to " + file, e);
        }
        // only once the secret is safely on disk is the first start over
        initialTokenIssued = true;
        save();
        LOG.info("First start: an admin API token was written to {} (readable only by its owner). "
                + "Use it as 'Authorization: Bearer <token>'; issue your own with toolbox:token-create "
                + "and then revoke this one with 'toolbox:token-revoke {}'.", file.toAbsolutePath(), INITIAL_TOKEN_NAME);
    }

    @Override
    public synchronized IssuedToken issue(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A token name is 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit.");
        }
        if (role == null) {
            throw new IllegalArgumentException("A token needs a role: admin, teacher or viewer.");
        }
        if (find(name).isPresent()) {
            throw new IllegalArgumentException("A token named '" + name + "' already exists.");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id;
        do {
            byte[] idBytes = new byte[6];
            random.nextBytes(idBytes);
            id = HexFormat.of().formatHex(idBytes);
        } while (find(id).isPresent());
        TokenFile.StoredToken stored = new TokenFile.StoredToken(id, name, role.id(), sha256(secret),
                clock.instant(), null);
        Live live = put(stored);
        save();
        return new IssuedToken(toApi(live), secret);
    }

    @Override
    public List<ApiToken> list() {
        List<ApiToken> result = new ArrayList<>();
        for (Live token : byHash.values()) {
            result.add(toApi(token));
        }
        result.sort(Comparator.comparing(ApiToken::name));
        return result;
    }

    @Override
    public synchronized boolean revoke(String idOrName) {
        Optional<TokenFile.StoredToken> token = find(idOrName);
        if (token.isEmpty()) {
            return false;
        }
        byHash.remove(key(token.get().sha256()));
        save();
        if (token.get().name().equals(INITIAL_TOKEN_NAME)) {
            deleteInitialTokenFile();
        }
        return true;
    }

    /** A revoked secret left on disk would only mislead whoever finds it later. */
    private void deleteInitialTokenFile() {
        Path file = initialTokenFile();
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("The initial admin token was revoked; {} is deleted.", file.toAbsolutePath());
            }
        } catch (IOException e) {
            LOG.warn("The initial admin token was revoked, but {} could not be deleted ({}); delete it by hand.",
                    file.toAbsolutePath(), e.toString());
        }
    }

    @Override
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 128) {
            return Optional.empty();
        }
        Live token = byHash.get(ByteBuffer.wrap(digest(secret)));
        if (token == null) {
            return Optional.empty();
        }
        // a second is precise enough for "last used": every request of a busy token writing the same
        // cache line would make its callers wait on each other
        long now = clock.millis();
        if (now - token.usedMillis.get() >= LAST_USED_PRECISION_MILLIS) {
            token.usedMillis.accumulateAndGet(now, Math::max);
        }
        return token.caller;
    }

    private Optional<TokenFile.StoredToken> find(String idOrName) {
        return byHash.values().stream().map(live -> live.stored)
                .filter(t -> t.id().equals(idOrName) || t.name().equals(idOrName))
                .findFirst();
    }

    private Live put(TokenFile.StoredToken stored) {
        Live live = new Live(stored);
        byHash.put(key(stored.sha256()), live);
        return live;
    }

    private static ByteBuffer key(String hexSha256) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hexSha256)).asReadOnlyBuffer();
    }

    private static ApiToken toApi(Live live) {
        TokenFile.StoredToken token = live.stored;
        return new ApiToken(token.id(), token.name(), Role.parse(token.role()).orElse(Role.VIEWER),
                token.createdAt(), live.lastUsed());
    }

    /** A token as served: its stored form, the caller it stands for, its last use since loading. */
    private static final class Live {
        final TokenFile.StoredToken stored;
        final Optional<Caller> caller;
        /** epoch milliseconds of the last use since the store was loaded; 0 if none. */
        final AtomicLong usedMillis = new AtomicLong();

        Live(TokenFile.StoredToken stored) {
            this.stored = stored;
            this.caller = Role.parse(stored.role()).map(role -> new Caller(stored.name(), role, "token"));
        }

        Instant lastUsed() {
            long millis = usedMillis.get();
            return millis == 0 ? stored.lastUsedAt() : Instant.ofEpochMilli(millis);
        }
    }

    private Path storeFile() {
        return directory.resolve("tokens.json");
    }

    private void load() {
        Path file = storeFile();
        if (!Files.exists(file)) {
            return;
        }
        try {
            TokenFile stored = json.read(Files.readAllBytes(file), TokenFile.class);
            initialTokenIssued = stored.initialTokenIssued();
            for (TokenFile.StoredToken token : stored.tokens()) {
                put(token);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The token store " + file + " cannot be read (" + e.getMessage()
                    + "); fix or remove it (removing it also revokes every token).", e);
        }
    }

    private void save() {
        List<TokenFile.StoredToken> tokens = new ArrayList<>();
        for (Live live : byHash.values()) {
            TokenFile.StoredToken t = live.stored;
            tokens.add(new TokenFile.StoredToken(t.id(), t.name(), t.role(), t.sha256(), t.createdAt(), live.lastUsed()));
        }
        tokens.sort(Comparator.comparing(TokenFile.StoredToken::name));
        try {
            Files.createDirectories(directory);
            Path temp = directory.resolve("tokens.json.tmp");
            Files.deleteIfExists(temp);
            writeOwnerOnly(temp, json.write(new TokenFile(1, initialTokenIssued, tokens)));
            Files.move(temp, storeFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token store " + storeFile(), e);
        }
    }

    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // keep the existing file's permissions
        }
        Files.write(file, content);
    }

    /** How stale a token's last use may be. */
    private static final long LAST_USED_PRECISION_MILLIS = 1000;

    // one digest per thread: looking the algorithm up on every request costs more than hashing
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    static String sha256(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    private static byte[] digest(String secret) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
