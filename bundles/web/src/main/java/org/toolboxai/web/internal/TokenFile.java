package org.toolboxai.web.internal;

import java.time.Instant;
import java.util.List;

/**
 * The on-disk form of the token store ({@code data/toolbox/tokens.json}).
 *
 * @param version              format version
 * @param initialTokenIssued   whether the first-start admin token was ever issued
 * @param tokens               the tokens, secrets only as SHA-256 hashes
 */
record TokenFile(int version, boolean initialTokenIssued, List<StoredToken> tokens) {

    /**
     * One stored token.
     *
     * @param id         public id
     * @param name       unique name
     * @param role       role id
     * @param sha256     hex SHA-256 of the secret
     * @param createdAt  when issued
     * @param lastUsedAt last successful use, or {@code null}
     */
    record StoredToken(String id, String name, String role, String sha256, Instant createdAt, Instant lastUsedAt) {
    }
}
