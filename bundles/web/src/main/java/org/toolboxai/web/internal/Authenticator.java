package org.toolboxai.web.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/** Turns an {@code Authorization} header into a caller: HTTP Basic against JAAS, or a Bearer API token. */
final class Authenticator {

    /** The outcome of authentication. */
    sealed interface Outcome permits Anonymous, Authenticated, Rejected {
    }

    /** No credentials were sent. */
    record Anonymous() implements Outcome {
    }

    /** Valid credentials. */
    record Authenticated(Caller caller) implements Outcome {
    }

    /**
     * Credentials that are wrong ({@code forbidden == false}, answer 401) or valid but with no
     * toolbox role ({@code forbidden == true}, answer 403).
     */
    record Rejected(String reason, boolean forbidden) implements Outcome {
    }

    private final ApiTokenService tokens;
    private final PasswordRealm realm;

    Authenticator(ApiTokenService tokens, PasswordRealm realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Anonymous();
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return new Rejected("The Authorization header must be 'Basic ...' or 'Bearer ...'.", false);
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return tokens.authenticate(value).<Outcome>map(Authenticated::new)
                    .orElseGet(() -> new Rejected("The API token is unknown or revoked.", false));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        return new Rejected("Unsupported authentication scheme '" + scheme + "'; use Basic or Bearer.", false);
    }

    private Outcome basic(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Rejected("The Basic credentials are not valid Base64.", false);
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
            return new Rejected("The Basic credentials must be 'user:password'.", false);
        }
        String user = CharBuffer.wrap(chars, 0, colon).toString();
        char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
        Arrays.fill(chars, '\0');
        try {
            Optional<Set<String>> roles = realm.login(user, password);
            if (roles.isEmpty()) {
                return new Rejected("Wrong user name or password.", false);
            }
            Optional<Role> best = highest(roles.get());
            if (best.isEmpty()) {
                return new Rejected("User '" + user + "' has none of the roles admin, teacher, viewer.", true);
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
