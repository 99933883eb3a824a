package org.toolboxai.coordinator.sync.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One live subscriber's bounded buffer on the {@link EventBus}. Offering never blocks: when the
 * buffer is full the event with the lowest priority (the oldest among equals) is dropped, the new
 * one included, and the drop is counted. The subscriber learns of drops by a {@link Gap} that
 * comes before the buffered events on its next take: events with sequence numbers from
 * {@code from} to {@code to} (its topics only) were not all buffered; it reads them from the log
 * ({@code EventLog.since(from - 1, ...)} up to {@code to}), and skips by sequence number the
 * buffered events it has thereby already seen.
 */
final class Subscription implements AutoCloseable {

    /** What a subscriber takes: an event, or a gap notice. */
    sealed interface Delivery {
    }

    /** A buffered event. */
    record Delivered(EventLog.Event event) implements Delivery {
    }

    /** {@code dropped} events between {@code from} and {@code to} (inclusive) were dropped: read them from the log. */
    record Gap(long from, long to, long dropped) implements Delivery {
    }

    private static final Comparator<EventLog.Event> LEAST_WANTED = Comparator.comparingInt(EventLog.Event::priority)
            .thenComparingLong(EventLog.Event::seq);

    private volatile Set<TopicPattern> patterns;
    private final int capacity;
    private final Consumer<Subscription> wake;
    private final Consumer<Subscription> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    // guarded by lock: the buffer in sequence order, and the same events least wanted first
    private final TreeMap<Long, EventLog.Event> buffer = new TreeMap<>();
    private final TreeSet<EventLog.Event> byPriority = new TreeSet<>(LEAST_WANTED);
    private long gapFrom = Long.MAX_VALUE;
    private long gapTo = Long.MIN_VALUE;
    private long gapDropped;
    private long dropped;
    private boolean closed;

    Subscription(Set<TopicPattern> patterns, int capacity, Consumer<Subscription> wake, Consumer<Subscription> onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a subscriber's buffer holds at least one event: " + capacity);
        }
        this.patterns = patterns;
        this.capacity = capacity;
        this.wake = wake;
        this.onClose = onClose;
    }

    /** The patterns followed. */
    Set<TopicPattern> patterns() {
        return patterns;
    }

    /** Follows other patterns from the next event handed out ({@link EventBus#repattern} makes that point exact). */
    void patterns(Set<TopicPattern> changed) {
        this.patterns = Set.copyOf(changed);
    }

    /** Buffers an event (or drops the least wanted one); never blocks for the subscriber. */
    void offer(EventLog.Event event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (buffer.size() >= capacity) {
                EventLog.Event least = byPriority.first();
                if (LEAST_WANTED.compare(event, least) < 0) {
                    drop(event);
                    return;
                }
                byPriority.pollFirst();
                buffer.remove(least.seq());
                drop(least);
            }
            buffer.put(event.seq(), event);
            byPriority.add(event);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            wake.accept(this);
        }
    }

    private void drop(EventLog.Event event) {
        dropped++;
        gapDropped++;
        gapFrom = Math.min(gapFrom, event.seq());
        gapTo = Math.max(gapTo, event.seq());
    }

    /** Takes what is there, at most {@code max} deliveries (a pending gap first); never waits. */
    List<Delivery> drain(int max) {
        lock.lock();
        try {
            return takeLocked(max);
        } finally {
            lock.unlock();
        }
    }

    /** Takes what is there, waiting up to {@code timeout} for something; empty if nothing came or it is closed. */
    List<Delivery> poll(long timeout, TimeUnit unit, int max) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!closed && buffer.isEmpty() && gapDropped == 0 && nanos > 0) {
                nanos = arrived.awaitNanos(nanos);
            }
            return takeLocked(max);
        } finally {
            lock.unlock();
        }
    }

    private List<Delivery> takeLocked(int max) {
        List<Delivery> out = new ArrayList<>();
        if (gapDropped > 0) {
            out.add(new Gap(gapFrom, gapTo, gapDropped));
            gapFrom = Long.MAX_VALUE;
            gapTo = Long.MIN_VALUE;
            gapDropped = 0;
        }
        while (out.size() < max && !buffer.isEmpty()) {
            Map.Entry<Long, EventLog.Event> first = buffer.pollFirstEntry();
            byPriority.remove(first.getValue());
            out.add(new Delivered(first.getValue()));
        }
        return out;
    }

    /** Events dropped since the subscription began. */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Events buffered now. */
    int buffered() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether it was closed. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the subscription: nothing more is buffered, a waiting {@link #poll} returns. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            buffer.clear();
            byPriority.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
    }
}
