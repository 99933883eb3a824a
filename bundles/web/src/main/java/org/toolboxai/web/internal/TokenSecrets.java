package org.toolboxai.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.toolboxai.api.security.Role;

/**
 * Makes token secrets and ids, and hashes secrets. A secret is 256 random bits, so a fast hash is
 * the right one: there is nothing to brute-force, and the hash is what every request looks up.
 */
final class TokenSecrets {

    private static final String PREFIX = "tbx_";
    /** Longer than any secret this class makes, with room to spare; longer input is not even hashed. */
    private static final int MAX_LENGTH = 128;

    /**
     * A token just made, not yet stored.
     *
     * @param stored what the database keeps
     * @param secret what the client gets, once
     */
    record Minted(StoredToken stored, String secret) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "Minted[" + stored + "]";
        }
    }

    private final SecureRandom random = new SecureRandom();

    /** A new token with a new secret and a new 12-hex-digit id, created now. */
    Minted mint(String name, Role role, Instant now) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Minted(new StoredToken(newId(), name, role.id(), sha256(secret), now, null), secret);
    }

    /** A new public id; ids are random, so they tell nothing about how many tokens there are. */
    String newId() {
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        return HexFormat.of().formatHex(idBytes);
    }

    /** Whether a string can be a secret at all: anything else is refused before a lookup. */
    static boolean plausible(String secret) {
        return secret != null && secret.startsWith(PREFIX) && secret.length() <= MAX_LENGTH;
    }

    // one digest per thread: looking the algorithm up on every request costs more than hashing
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    /** The lower-case hex SHA-256 of a secret, as stored. */
    static String sha256(String secret) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}
