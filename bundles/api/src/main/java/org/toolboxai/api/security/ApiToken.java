package org.toolboxai.api.security;

import java.time.Instant;

/**
 * What is known about an issued API token; never its secret, which is stored only hashed.
 *
 * @param id         short public identifier
 * @param name       unique name chosen by the administrator
 * @param role       the role the token grants
 * @param createdAt  when it was issued
 * @param lastUsedAt when it last authenticated a request, or {@code null}
 */
public record ApiToken(String id, String name, Role role, Instant createdAt, Instant lastUsedAt) {
}
