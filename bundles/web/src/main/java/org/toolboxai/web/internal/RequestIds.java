package org.toolboxai.web.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the caller's {@code X-Request-Id} when it is sane, otherwise a new random one. */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The id to use for a request carrying {@code offered} (may be {@code null}). */
    static String accept(String offered) {
        if (offered != null && !offered.isEmpty() && offered.length() <= MAX_LENGTH && safe(offered)) {
            return offered;
        }
        return generate();
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
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
