package org.toolboxai.web.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * Moves the tokens of {@code data/toolbox/tokens.json}, where installations kept them before they
 * moved into the database, into the database on the first start after the upgrade, so no
 * client's token breaks: once, into an empty table, in one transaction, then the file is renamed
 * {@code tokens.json.imported}. Whether the file's initial admin token was ever issued carries
 * over, so one revoked before the upgrade is not issued again.
 */
final class LegacyTokenImport {

    static final String FILE = "tokens.json";
    static final String IMPORTED = "tokens.json.imported";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyTokenImport.class);

    private final Store store;
    private final TokenTable table;
    private final Path directory;
    private final Clock clock;

    LegacyTokenImport(Store store, TokenTable table, Path directory, Clock clock) {
        this.store = store;
        this.table = table;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Imports the file if there is one and the database holds no token; whether it did.
     *
     * @throws IllegalStateException when the file cannot be read or its tokens cannot be stored
     */
    boolean importIfPresent() {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return false;
        }
        TokenFile legacy = read(file);
        List<StoredToken> tokens = legacy.tokens() == null ? List.of() : legacy.tokens();
        boolean imported;
        try {
            imported = store.inTransaction(c -> {
                if (!table.isEmpty(c)) {
                    return false;
                }
                if (legacy.initialTokenIssued()) {
                    table.claim(c, InitialAdminToken.EVENT, clock.millis());
                }
                for (StoredToken token : tokens) {
                    table.insert(c, token);
                }
                return true;
            });
        } catch (SQLException e) {
            // a duplicate with tokens stored now: another node stored its own between our look and our insert
            if (!TokenTable.UNIQUE_VIOLATION.equals(e.getSQLState()) || !hasTokens()) {
                throw cannotStore(file, e);
            }
            imported = false;
        } catch (RuntimeException e) {
            throw cannotStore(file, e);
        }
        if (!imported) {
            LOG.warn("{} is not imported: the database holds API tokens already (another node's, or an earlier import's), "
                    + "so the tokens in that file do not authenticate. Issue new tokens for their clients with "
                    + "toolbox:token-create, then delete the file.", file.toAbsolutePath());
            return false;
        }
        Path renamed = directory.resolve(IMPORTED);
        try {
            Files.move(file, renamed, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Imported {} API tokens from {} into the database, which every node shares; the file is now {}"
                    + " (it holds hashes only: delete it when you like).", tokens.size(), file.toAbsolutePath(), renamed);
        } catch (IOException e) {
            LOG.warn("Imported {} API tokens from {} into the database, but the file could not be renamed {} ({});"
                    + " rename or delete it by hand.", tokens.size(), file.toAbsolutePath(), IMPORTED, e.toString());
        }
        return true;
    }

    private boolean hasTokens() {
        try {
            return !store.inTransaction(table::isEmpty);
        } catch (SQLException e) {
            return false;
        }
    }

    private static IllegalStateException cannotStore(Path file, Exception e) {
        return new IllegalStateException("The tokens of " + file + " cannot be stored in the database (" + e.getMessage()
                + "); fix the file, or remove it to start without its tokens.", e);
    }

    private static TokenFile read(Path file) {
        try {
            return new JsonCodec().read(Files.readAllBytes(file), TokenFile.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The token file " + file + " cannot be read (" + e.getMessage()
                    + "); fix it, or remove it to start without its tokens.", e);
        }
    }
}
