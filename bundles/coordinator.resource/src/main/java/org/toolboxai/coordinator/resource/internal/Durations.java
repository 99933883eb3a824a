package org.toolboxai.coordinator.resource.internal;

import java.time.Duration;

/** Durations in messages for people: rounded up, so "try again in" is never too early. */
final class Durations {

    private Durations() {
    }

    /** {@code 300 ms} below a second, {@code 12 s} below two minutes, {@code 7 min} below two hours, else {@code 3 h 12 min}. */
    static String inWords(Duration d) {
        if (!d.isNegative() && d.getSeconds() == 0) {
            return (d.getNano() + 999_999) / 1_000_000 + " ms";
        }
        long seconds = d.isNegative() ? 0 : d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
}
