package org.toolboxai.web.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Authentication;
import org.toolboxai.api.security.Authentication.Anonymous;
import org.toolboxai.api.security.Authentication.Authenticated;
import org.toolboxai.api.security.Authentication.Forbidden;
import org.toolboxai.api.security.Authentication.Invalid;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * Checks the credentials of one request: HTTP Basic against a password realm, or an API token.
 * Throttling is not its business ({@link WebAuthenticator} does it around this).
 */
final class CredentialCheck {

    /** The outcome without credentials; one instance, as it carries nothing. */
    static final Anonymous ANONYMOUS = new Anonymous();

    /** The token service, or {@code null} while it waits for the database. */
    private final Supplier<ApiTokenService> tokens;
    private final PasswordRealm realm;

    CredentialCheck(Supplier<ApiTokenService> tokens, PasswordRealm realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    /** What an {@code Authorization} header stands for. */
    Authentication header(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return ANONYMOUS;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return new Invalid("The Authorization header must be 'Basic ...' or 'Bearer ...'.");
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return token(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        return new Invalid("Unsupported authentication scheme '" + scheme + "'; use Basic or Bearer.");
    }

    /**
     * What an API token stands for.
     *
     * @throws ProblemException 503 while tokens cannot be checked (the database is not there yet,
     *                          or does not answer): neither a caller nor a wrong credential
     */
    Authentication token(String secret) {
        ApiTokenService service = tokens.get();
        if (service == null) {
            throw new ProblemException(Problem.of(503, "Service Unavailable", "API tokens cannot be checked yet: "
                    + "the token store starts with the database. Try again shortly."), Map.of("Retry-After", "5"));
        }
        return service.authenticate(secret).<Authentication>map(Authenticated::new)
                .orElseGet(() -> new Invalid("The API token is unknown or revoked."));
    }

    private Authentication basic(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Invalid("The Basic credentials are not valid Base64.");
        }
        CharBuffer buffer = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
        char[] chars = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), '\0');
        Arrays.fill(decoded, (byte) 0);
        int colon = -1;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            Arrays.fill(chars, '\0');
            return new Invalid("The Basic credentials must be 'user:password'.");
        }
        String user = CharBuffer.wrap(chars, 0, colon).toString();
        char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
        Arrays.fill(chars, '\0');
        try {
            Optional<Set<String>> roles = realm.login(user, password);
            if (roles.isEmpty()) {
                return new Invalid("Wrong user name or password.");
            }
            Optional<Role> best = highest(roles.get());
            if (best.isEmpty()) {
                return new Forbidden("User '" + user + "' has none of the roles admin, teacher, viewer.");
            }
            return new Authenticated(new Caller(user, best.get(), "basic"));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static Optional<Role> highest(Set<String> roleNames) {
        Role best = null;
        for (String name : roleNames) {
            Optional<Role> role = Role.parse(name);
            if (role.isPresent() && (best == null || role.get().includes(best))) {
                best = role.get();
            }
        }
        return Optional.ofNullable(best);
    }
}
