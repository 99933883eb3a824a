package org.toolboxai.api.security;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Issues, lists, revokes and checks API tokens ({@code Authorization: Bearer ...}). */
@ProviderType
public interface ApiTokenService {

    /**
     * Issues a new token.
     *
     * @throws IllegalArgumentException when the name is invalid or already used
     */
    IssuedToken issue(String name, Role role);

    /** All tokens, ordered by name. */
    List<ApiToken> list();

    /** Revokes the token with this id or name; {@code false} when there is none. */
    boolean revoke(String idOrName);

    /** The caller a bearer secret stands for, or empty when it is unknown or revoked. */
    Optional<Caller> authenticate(String secret);
}
