package org.toolboxai.web.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password and token guessing: after {@code limit} failed logins from one address within
 * a minute, that address gets 429 until the minute is over, without its credentials being checked.
 */
final class LoginThrottle {

    static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_TRACKED = 10_000;

    private record Window(long start, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile int limit;

    LoginThrottle(int limit, LongSupplier clock) {
        this.limit = limit;
        this.clock = clock;
    }

    void limit(int newLimit) {
        this.limit = newLimit;
    }

    /** Seconds until the address may try again, or 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return 0;
        }
        long elapsed = clock.getAsLong() - window.start;
        if (elapsed >= WINDOW_MILLIS) {
            windows.remove(address, window);
            return 0;
        }
        return window.failures >= limit ? Math.max(1, (WINDOW_MILLIS - elapsed + 999) / 1000) : 0;
    }

    void recordFailure(String address) {
        long now = clock.getAsLong();
        if (windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> now - w.start >= WINDOW_MILLIS);
        }
        windows.compute(address, (key, w) -> w == null || now - w.start >= WINDOW_MILLIS
                ? new Window(now, 1) : new Window(w.start, w.failures + 1));
    }
}
