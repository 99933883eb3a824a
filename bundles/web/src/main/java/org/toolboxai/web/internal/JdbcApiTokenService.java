package org.toolboxai.web.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.store.Store;

/**
 * API tokens in the database every node shares ({@code api_token}), secrets stored only as
 * SHA-256 hashes. Nothing is cached: each Bearer request looks its token up by primary key, so a
 * token revoked on one node is refused by every node at its next request. On its first start
 * with a database it imports an older install's {@code tokens.json} ({@link LegacyTokenImport})
 * and, if no node has yet, issues the initial admin token ({@link InitialAdminToken}).
 */
// immediate: the first start's work (import, initial admin token file) happens once the database is
// there, whether or not anything asks for tokens yet
@Component(service = ApiTokenService.class, immediate = true)
public class JdbcApiTokenService implements ApiTokenService {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcApiTokenService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** How stale a token's last use may be: one write a second at most, however busy the token. */
    private static final long LAST_USED_PRECISION_MILLIS = 1000;

    private final Store store;
    private final TokenTable table;
    private final TokenSecrets secrets = new TokenSecrets();
    private final Path directory;
    private final Clock clock;
    private final InitialAdminToken initialToken;
    /**
     * When this node last wrote each token's last use, by hash: only one of the requests of a busy
     * token writes, once a second. Times only, never whether a token is valid.
     */
    private final Map<String, AtomicLong> usesWritten = new ConcurrentHashMap<>();

    /** Starts once this bundle's tables are migrated: imports an older install's file, issues the first admin token. */
    @Activate
    public JdbcApiTokenService(@Reference(target = "(toolbox.schema=web)") Store store) {
        this(store, PrivateDataDirectory.location(), Clock.systemUTC());
        firstStart();
    }

    JdbcApiTokenService(Store store, Path directory, Clock clock) {
        this.store = store;
        this.table = new TokenTable(store);
        this.directory = directory;
        this.clock = clock;
        this.initialToken = new InitialAdminToken(store, table, secrets, directory, clock);
    }

    /** What a node does when it starts with the database: the import, then the first admin token. */
    void firstStart() {
        new LegacyTokenImport(store, table, directory, clock).importIfPresent();
        initialToken.issueIfFirstStart();
    }

    InitialAdminToken initialToken() {
        return initialToken;
    }

    @Override
    public IssuedToken issue(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A token name is 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit.");
        }
        if (role == null) {
            throw new IllegalArgumentException("A token needs a role: admin, teacher or viewer.");
        }
        TokenSecrets.Minted minted = secrets.mint(name, role, clock.instant());
        try {
            StoredToken stored = store.inTransaction(c -> {
                // a name may not be another token's id either, so that revoke(idOrName) stays unambiguous
                if (table.byIdOrName(c, name).isPresent()) {
                    throw alreadyExists(name);
                }
                StoredToken token = minted.stored();
                while (table.byIdOrName(c, token.id()).isPresent()) {
                    token = new StoredToken(secrets.newId(), name, token.role(), token.sha256(), token.createdAt(), null);
                }
                table.insert(c, token);
                return token;
            });
            return new IssuedToken(toApi(stored), minted.secret());
        } catch (SQLException e) {
            if (TokenTable.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw alreadyExists(name); // issued on another node between our look and our insert
            }
            throw unavailable("issued", e);
        }
    }

    @Override
    public List<ApiToken> list() {
        try {
            return table.byName().stream().map(JdbcApiTokenService::toApi).toList();
        } catch (SQLException e) {
            throw unavailable("listed", e);
        }
    }

    @Override
    public boolean revoke(String idOrName) {
        if (idOrName == null) {
            return false;
        }
        Optional<StoredToken> revoked;
        try {
            revoked = store.inTransaction(c -> {
                Optional<StoredToken> token = table.byIdOrName(c, idOrName);
                return token.isPresent() && table.delete(c, token.get().id()) ? token : Optional.<StoredToken>empty();
            });
        } catch (SQLException e) {
            throw unavailable("revoked", e);
        }
        revoked.ifPresent(token -> {
            usesWritten.remove(token.sha256());
            if (token.name().equals(InitialAdminToken.NAME)) {
                initialToken.revoked();
            }
        });
        return revoked.isPresent();
    }

    @Override
    public Optional<Caller> authenticate(String secret) {
        if (!TokenSecrets.plausible(secret)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.sha256(secret);
        Optional<StoredToken> token;
        try {
            token = table.byHash(hash);
        } catch (SQLException e) {
            throw unavailable("checked", e);
        }
        if (token.isEmpty()) {
            return Optional.empty();
        }
        recordUse(token.get());
        return Role.parse(token.get().role()).map(role -> new Caller(token.get().name(), role, "token"));
    }

    /** Writes the last use when the stored one is a second old or more, one request of this node at a time. */
    private void recordUse(StoredToken token) {
        long now = clock.millis();
        long olderThan = now - LAST_USED_PRECISION_MILLIS;
        if (token.lastUsedAt() != null && token.lastUsedAt().toEpochMilli() > olderThan) {
            return;
        }
        AtomicLong written = usesWritten.computeIfAbsent(token.sha256(), hash -> new AtomicLong());
        long last = written.get();
        if (last > olderThan || !written.compareAndSet(last, now)) {
            return;
        }
        try {
            table.recordUse(token.sha256(), now, olderThan);
        } catch (SQLException e) {
            // the request is authenticated all the same; only "last used" lags
            LOG.warn("The last use of API token '{}' could not be written (SQL state {}: {})", token.name(),
                    e.getSQLState(), e.getMessage());
        }
    }

    private static IllegalArgumentException alreadyExists(String name) {
        return new IllegalArgumentException("A token named '" + name + "' already exists.");
    }

    private static ApiToken toApi(StoredToken token) {
        return new ApiToken(token.id(), token.name(), Role.parse(token.role()).orElse(Role.VIEWER), token.createdAt(),
                token.lastUsedAt());
    }

    /** 503: the database did not answer; nothing about the token is known, so nothing is allowed. */
    private static ProblemException unavailable(String doing, SQLException e) {
        LOG.warn("API tokens cannot be {}: the database failed (SQL state {}: {})", doing, e.getSQLState(), e.getMessage());
        return new ProblemException(Problem.of(503, "Service Unavailable", "API tokens cannot be " + doing
                + " now: the database does not answer. Try again shortly."), Map.of("Retry-After", "5"));
    }
}
