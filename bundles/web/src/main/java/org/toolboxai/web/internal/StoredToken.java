package org.toolboxai.web.internal;

import java.time.Instant;

/**
 * A token as kept: a row of {@code api_token}, and an entry of the {@code tokens.json} of older
 * installations. Never the secret, only its hash.
 *
 * @param id         public id
 * @param name       unique name
 * @param role       role id
 * @param sha256     lower-case hex SHA-256 of the secret
 * @param createdAt  when issued
 * @param lastUsedAt last successful use, or {@code null}
 */
record StoredToken(String id, String name, String role, String sha256, Instant createdAt, Instant lastUsedAt) {
}
