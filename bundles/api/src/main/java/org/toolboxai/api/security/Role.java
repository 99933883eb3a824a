package org.toolboxai.api.security;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do; each role includes the ones below it. */
public enum Role {
    /** Reads status, components and content. */
    VIEWER,
    /** Also requests and manages content. */
    TEACHER,
    /** Also administers the system: tokens, configuration, every user's runs. */
    ADMIN;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** Whether a caller holding this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The lower-case name used in JAAS realms, tokens and JSON. */
    public String id() {
        return id;
    }

    /** Parses {@code "admin"}, {@code "TEACHER"} ...; empty for unknown names. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
