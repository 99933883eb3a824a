package org.toolboxai.coordinator.error.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spots a spike in a group's failures on this node: a group's count in the last 5 minutes at or
 * over a minimum and at or over {@code factor} times its usual count per 5 minutes over the hour
 * before. Counts are per minute in a ring of an hour; a group is reported once per 15 minutes.
 */
final class SpikeDetector {

    private static final int MINUTES = 60;
    private static final int RECENT = 5;
    private static final long QUIET_MILLIS = 15 * 60_000L;

    private static final class Ring {
        final long[] counts = new long[MINUTES];
        long minute = -1;
        long reportedAt = -QUIET_MILLIS;
    }

    /** A spike: the recent count and the usual one. */
    record Spike(long recent, double usual) {
    }

    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    /** Counts a failure at {@code millis}; a spike when this one makes one (reported once per quiet period). */
    Spike count(String fingerprint, long millis, int minimum, int factor) {
        Ring ring = rings.computeIfAbsent(fingerprint, f -> new Ring());
        synchronized (ring) {
            long minute = millis / 60_000L;
            advance(ring, minute);
            ring.counts[(int) (minute % MINUTES)]++;
            long recent = 0;
            long before = 0;
            for (int i = 0; i < MINUTES; i++) {
                long count = ring.counts[(int) Math.floorMod(minute - i, (long) MINUTES)];
                if (i < RECENT) {
                    recent += count;
                } else {
                    before += count;
                }
            }
            double usual = before / (double) ((MINUTES - RECENT) / RECENT);
            if (recent >= minimum && recent >= factor * Math.max(usual, 1.0) && millis - ring.reportedAt >= QUIET_MILLIS) {
                ring.reportedAt = millis;
                return new Spike(recent, usual);
            }
            return null;
        }
    }

    private static void advance(Ring ring, long minute) {
        if (ring.minute < 0 || minute - ring.minute >= MINUTES) {
            java.util.Arrays.fill(ring.counts, 0);
        } else {
            for (long m = ring.minute + 1; m <= minute; m++) {
                ring.counts[(int) (m % MINUTES)] = 0;
            }
        }
        ring.minute = Math.max(ring.minute, minute);
    }

    /** Forgets groups without a failure in the last hour (called now and then). */
    void prune(long millis) {
        long minute = millis / 60_000L;
        rings.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return minute - e.getValue().minute >= MINUTES;
            }
        });
    }
}
