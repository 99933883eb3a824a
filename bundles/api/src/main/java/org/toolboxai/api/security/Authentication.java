package org.toolboxai.api.security;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Authenticator} made of a request's credentials: a caller, or why there is none.
 *
 * @since 1.1
 */
public sealed interface Authentication permits Authentication.Authenticated, Authentication.Denied {

    /** The {@code WWW-Authenticate} challenge of a 401: the schemes the toolbox accepts. */
    String CHALLENGE = "Basic realm=\"toolbox\", Bearer realm=\"toolbox\"";

    /** The authenticated caller; empty for every {@link Denied} outcome. */
    Optional<Caller> caller();

    /**
     * Valid credentials.
     *
     * @param identity the caller they stand for
     */
    record Authenticated(Caller identity) implements Authentication {

        /** Validates. */
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
        }

        @Override
        public Optional<Caller> caller() {
            return Optional.of(identity);
        }
    }

    /**
     * No caller: what a resource that needs one answers, as an HTTP status, a sentence for the
     * client and the headers that go with the status. A public resource may still serve
     * {@link Anonymous} requests.
     */
    sealed interface Denied extends Authentication permits Anonymous, Invalid, Forbidden, Throttled {

        /** HTTP status to answer: 401, 403 or 429. */
        int status();

        /** What the client should do, never echoing a credential. */
        String reason();

        /** Headers that go with the status ({@code WWW-Authenticate}, {@code Retry-After}). */
        Map<String, String> headers();

        @Override
        default Optional<Caller> caller() {
            return Optional.empty();
        }
    }

    /** No credentials were sent (401 where a caller is needed). */
    record Anonymous() implements Denied {

        @Override
        public int status() {
            return 401;
        }

        @Override
        public String reason() {
            return "Credentials are needed: HTTP Basic (a JAAS user) or 'Authorization: Bearer <API token>'.";
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", CHALLENGE);
        }
    }

    /**
     * Credentials that are wrong, malformed or of an unknown scheme (401); counted as a failed login.
     *
     * @param reason what is wrong with them
     */
    record Invalid(String reason) implements Denied {

        @Override
        public int status() {
            return 401;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", CHALLENGE);
        }
    }

    /**
     * Credentials that are right but grant no toolbox role (403).
     *
     * @param reason who logged in and what is missing
     */
    record Forbidden(String reason) implements Denied {

        @Override
        public int status() {
            return 403;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of();
        }
    }

    /**
     * Too many failed logins from the client's address (429): its credentials were not even checked.
     *
     * @param retryAfterSeconds when the address may try again
     */
    record Throttled(long retryAfterSeconds) implements Denied {

        @Override
        public int status() {
            return 429;
        }

        @Override
        public String reason() {
            return "Too many failed logins from this address; try again in " + retryAfterSeconds + " s.";
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", Long.toString(retryAfterSeconds));
        }
    }
}
