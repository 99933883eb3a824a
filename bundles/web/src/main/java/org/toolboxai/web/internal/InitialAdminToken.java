package org.toolboxai.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.store.Store;

/**
 * The first admin token, written to {@code data/toolbox/initial-admin-token} (rw-------) as
 * Jenkins does with its initial password: once per database, not once per node. The node whose
 * claim of {@value #EVENT} in {@code api_token_once} commits issues it, in the same transaction
 * as the claim and with the file written before the commit; every other node finds the claim
 * and issues nothing. A file whose secret no longer authenticates (revoked, perhaps on another
 * node) is deleted: it would only mislead whoever finds it.
 */
final class InitialAdminToken {

    static final String NAME = "initial-admin";
    static final String FILE = "initial-admin-token";
    /** The once-per-database event of issuing it. */
    static final String EVENT = "initial-admin-token";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdminToken.class);

    private final Store store;
    private final TokenTable table;
    private final TokenSecrets secrets;
    private final Path directory;
    private final Clock clock;

    InitialAdminToken(Store store, TokenTable table, TokenSecrets secrets, Path directory, Clock clock) {
        this.store = store;
        this.table = table;
        this.secrets = secrets;
        this.directory = directory;
        this.clock = clock;
    }

    /** This node's file of the token. */
    Path file() {
        return directory.resolve(FILE);
    }

    /** Issues the token and writes its file unless a node did so before; whether this call did. */
    boolean issueIfFirstStart() {
        AtomicBoolean written = new AtomicBoolean();
        try {
            deleteFileIfStale();
            if (store.inTransaction(c -> table.happened(c, EVENT))) {
                return false;
            }
            TokenSecrets.Minted minted = secrets.mint(NAME, Role.ADMIN, clock.instant());
            store.inTransaction(c -> {
                table.claim(c, EVENT, clock.millis());
                // a token of this name without the claim comes from an older install's file, written
                // by a start that crashed before recording the issue: nobody knows its secret
                Optional<StoredToken> stale = table.byIdOrName(c, NAME);
                if (stale.isPresent()) {
                    table.delete(c, stale.get().id());
                }
                table.insert(c, minted.stored());
                write(minted.secret());
                written.set(true);
                return null;
            });
        } catch (SQLException e) {
            deleteIf(written.get());
            if (TokenTable.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false; // another node claimed it between our look and our claim
            }
            throw new IllegalStateException("The initial admin token cannot be issued: the database failed (SQL state "
                    + e.getSQLState() + ": " + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteIf(written.get());
            throw e;
        }
        LOG.info("First start of this database: an admin API token was written to {} (readable only by its owner). "
                + "Use it as 'Authorization: Bearer <token>'; issue your own with toolbox:token-create "
                + "and then revoke this one with 'toolbox:token-revoke {}'.", file().toAbsolutePath(), NAME);
        return true;
    }

    /** The token was revoked: its file goes (this node's; another node's goes when that node next starts). */
    void revoked() {
        deleteFile("The initial admin token was revoked");
    }

    /** Deletes the file when its secret authenticates no more: revoked elsewhere, or never committed. */
    private void deleteFileIfStale() throws SQLException {
        String secret;
        try {
            secret = Files.readString(file(), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("{} cannot be read ({}); it is left as it is.", file().toAbsolutePath(), e.toString());
            return;
        }
        if (!TokenSecrets.plausible(secret) || table.byHash(TokenSecrets.sha256(secret)).isEmpty()) {
            deleteFile("The initial admin token no longer authenticates (revoked, perhaps on another node)");
        }
    }

    private void deleteFile(String why) {
        Path file = file();
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("{}; {} is deleted.", why, file.toAbsolutePath());
            }
        } catch (IOException e) {
            LOG.warn("{}, but {} could not be deleted ({}); delete it by hand.", why, file.toAbsolutePath(), e.toString());
        }
    }

    private void deleteIf(boolean written) {
        if (written) {
            try {
                Files.deleteIfExists(file());
            } catch (IOException e) {
                LOG.warn("{} holds a token that was never stored; delete it by hand ({}).", file().toAbsolutePath(),
                        e.toString());
            }
        }
    }

    private void write(String secret) {
        Path file = file();
        try {
            Files.deleteIfExists(file);
            Files.createDirectories(directory);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin token to " + file, e);
        }
    }
}
