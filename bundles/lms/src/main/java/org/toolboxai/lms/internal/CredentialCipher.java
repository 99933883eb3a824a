package org.toolboxai.lms.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Teachers' LMS credentials at rest: AES-256-GCM (the JDK's), a random 96-bit nonce per value, and
 * the row it belongs to (owner, provider, field) as additional data, so a value moved to another
 * row fails to decrypt. The key comes from the configuration ({@code credentials.key}, base64 of 32
 * bytes) or, when none is set, is made once and kept in a file only the server's user can read.
 */
final class CredentialCipher {

    /** A value as stored: its nonce and its ciphertext with the tag, both base64. */
    record Sealed(String nonce, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey key;

    CredentialCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("credentials.key must be 32 bytes (base64), not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The configured key, or the one kept in {@code file} (made there on first use). */
    static CredentialCipher of(String configured, Path file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            try {
                return new CredentialCipher(Base64.getDecoder().decode(configured.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("credentials.key is not base64 of 32 bytes: " + e.getMessage());
            }
        }
        if (Files.exists(file)) {
            return new CredentialCipher(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        }
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(partial);
        }
        Files.writeString(partial, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        try {
            Files.move(partial, file); // never replaces a key another start wrote first
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.delete(partial);
            return of(null, file);
        }
        return new CredentialCipher(fresh);
    }

    Sealed seal(String value, String owner, String provider, String field) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(owner, provider, field));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return new Sealed(Base64.getEncoder().encodeToString(nonce), Base64.getEncoder().encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * The value, or an exception saying it cannot be read (another key, another row) without
     * anything of the value in the message.
     */
    String open(Sealed sealed, String owner, String provider, String field) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Base64.getDecoder().decode(sealed.nonce())));
            cipher.updateAAD(aad(owner, provider, field));
            return new String(cipher.doFinal(Base64.getDecoder().decode(sealed.secret())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored " + provider + " " + field + " of " + owner
                    + " cannot be decrypted (was credentials.key changed?); store it again");
        }
    }

    private static byte[] aad(String owner, String provider, String field) {
        return (owner + '\n' + provider + '\n' + field).getBytes(StandardCharsets.UTF_8);
    }
}
