package org.toolboxai.api.security;

/**
 * A token just issued: the only moment its secret is known.
 *
 * @param token  its metadata
 * @param secret the bearer secret to hand to the client
 */
public record IssuedToken(ApiToken token, String secret) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "IssuedToken[" + token + "]";
    }
}
