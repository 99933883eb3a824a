package org.toolboxai.api.security;

import java.util.Objects;

/**
 * An authenticated caller.
 *
 * @param name   user name (JAAS) or token name
 * @param role   the highest toolbox role it holds
 * @param method how it authenticated: {@code "basic"} or {@code "token"}
 */
public record Caller(String name, Role role, String method) {

    /** Validates. */
    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
    }

    /** Whether this caller may do what {@code required} may. */
    public boolean has(Role required) {
        return role.includes(required);
    }
}
