package org.toolboxai.coordinator.sync.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock the test sets: it reads {@code now} (epoch milliseconds). */
final class ManualClock extends Clock {

    private final AtomicLong now;

    ManualClock(AtomicLong now) {
        this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now.get());
    }
}
