package org.toolboxai.web.internal;

import java.util.Optional;
import java.util.Set;

/** Checks a user name and password; the production implementation is the Karaf JAAS realm. */
@FunctionalInterface
public interface PasswordRealm {

    /** The user's role names when the password is right, empty when it is not. */
    Optional<Set<String>> login(String user, char[] password);
}
