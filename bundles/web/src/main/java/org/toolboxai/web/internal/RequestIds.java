package org.toolboxai.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the caller's {@code X-Request-Id} when it is sane, otherwise a new random one. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 128;
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private RequestIds() {
    }

    /** The id to use for a request carrying {@code offered} (may be {@code null}). */
    static String accept(String offered) {
        if (offered != null && !offered.isEmpty() && offered.length() <= MAX_LENGTH && safe(offered)) {
            return offered;
        }
        return generate();
    }

    /** 32 random hex digits (128 bits), built in one go: this runs on every request. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] hex = new byte[32];
        fill(hex, 0, random.nextLong());
        fill(hex, 16, random.nextLong());
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    private static void fill(byte[] hex, int offset, long bits) {
        for (int i = 15; i >= 0; i--) {
            hex[offset + i] = DIGITS[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }

    // letters, digits and - _ . : only, so an id can never forge a log line or a header
    private static boolean safe(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
