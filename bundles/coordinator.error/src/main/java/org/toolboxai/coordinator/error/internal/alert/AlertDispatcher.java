package org.toolboxai.coordinator.error.internal.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertChannel;
import org.toolboxai.api.error.AlertLevel;

/**
 * Sends alerts to the {@link AlertChannel}s present at the moment of the call, de-duplicated and
 * throttled, without ever making the caller wait for a channel.
 *
 * <ul>
 * <li>De-duplication: an alert with the same fingerprint (the title when it has none) and level as
 * one sent less than the window ago is held back and counted; the next one sent after the window
 * carries those repeats in its {@link Alert#count() count} (never lower than the count it was raised
 * with) and in {@link AlertRecord#repeats()}.</li>
 * <li>Throttling: each channel is sent at most a number of alerts in any minute; the excess is
 * recorded as {@link Delivery.Outcome#THROTTLED} and counted per channel.</li>
 * <li>Each channel has its own single delivery thread and a bounded queue, so a slow or hung
 * channel delays only itself; a full queue is a failed delivery.</li>
 * <li>The last alerts sent (500 by default) are kept with their outcome on every channel.</li>
 * </ul>
 * Thread-safe; channels may come and go at any time.
 */
public final class AlertDispatcher implements AutoCloseable {

    /** Repeats of an alert within this time of the last one sent are held back. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** Alerts each channel is sent at most in any minute. */
    public static final int DEFAULT_PER_CHANNEL_PER_MINUTE = 20;
    /** Alerts kept in the history. */
    public static final int DEFAULT_HISTORY_SIZE = 500;

    /** Deliveries waiting for one channel at most; beyond that they fail instead of piling up behind a hung channel. */
    static final int QUEUE_CAPACITY = 100;
    /** Fingerprints remembered for de-duplication before the expired ones are forgotten. */
    static final int MAX_REMEMBERED = 10_000;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int REASON_LENGTH = 300;

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final Clock clock;
    private final Duration window;
    private final int perChannelPerMinute;
    private final int historySize;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final Map<Key, Seen> seen = new HashMap<>();
    /** Newest first; guarded by itself. */
    private final Deque<Entry> history = new ArrayDeque<>();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean closed;

    /** With the defaults and the system clock. */
    public AlertDispatcher() {
        this(Clock.systemUTC(), DEFAULT_WINDOW, DEFAULT_PER_CHANNEL_PER_MINUTE, DEFAULT_HISTORY_SIZE);
    }

    /**
     * @param clock               time of raises, deliveries and windows
     * @param window              repeats within this time of the last alert sent of their kind are held back
     * @param perChannelPerMinute alerts each channel is sent at most in any minute
     * @param historySize         alerts kept in {@link #history()}
     */
    public AlertDispatcher(Clock clock, Duration window, int perChannelPerMinute, int historySize) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || perChannelPerMinute < 1 || historySize < 1) {
            throw new IllegalArgumentException("window must not be negative, perChannelPerMinute and historySize at least 1; got "
                    + window + ", " + perChannelPerMinute + ", " + historySize);
        }
        this.perChannelPerMinute = perChannelPerMinute;
        this.historySize = historySize;
    }

    /** Sends alerts to this channel from now on; a channel of the same name is replaced. */
    public void addChannel(AlertChannel channel) {
        Objects.requireNonNull(channel, "channel");
        String name;
        try {
            name = Objects.requireNonNull(channel.name(), "name");
        } catch (RuntimeException e) {
            LOG.warn("Alert channel {} left out: its name() failed: {}", channel.getClass().getName(), e.toString());
            return;
        }
        if (closed) {
            return;
        }
        Lane[] replaced = new Lane[1];
        lanes.compute(name, (n, old) -> {
            if (old != null && old.channel == channel) {
                return old;
            }
            replaced[0] = old;
            return new Lane(n, channel);
        });
        if (closed) {
            // close() ran while this was being added
            removeChannel(channel);
        }
        if (replaced[0] != null) {
            LOG.warn("Two alert channels named '{}': {} replaces {}", name, channel.getClass().getName(),
                    replaced[0].channel.getClass().getName());
            replaced[0].stop("channel replaced before delivery");
        }
    }

    /** Stops sending to this channel; deliveries still queued for it are recorded as failed. */
    public void removeChannel(AlertChannel channel) {
        for (Map.Entry<String, Lane> e : lanes.entrySet()) {
            Lane lane = e.getValue();
            if (lane.channel == channel && lanes.remove(e.getKey(), lane)) {
                lane.stop("channel removed before delivery");
            }
        }
    }

    /** Names of the channels alerts go to now. */
    public List<String> channels() {
        return List.copyOf(new TreeMap<>(lanes).keySet());
    }

    /**
     * Sends an alert to every channel, unless it repeats one sent within the window; returns at once.
     */
    public void raise(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closed) {
            LOG.warn("Alert dispatcher closed: alert '{}' ({}) not sent", alert.title(), alert.level());
            return;
        }
        Instant now = clock.instant();
        Key key = new Key(alert.fingerprint() != null ? alert.fingerprint() : alert.title(), alert.level());
        Alert out;
        long repeats;
        synchronized (seen) {
            Seen last = seen.get(key);
            if (last != null && now.isBefore(last.sentAt.plus(window))) {
                last.repeats++;
                duplicates.incrementAndGet();
                return;
            }
            repeats = last == null ? 0 : last.repeats;
            long count = Math.max(alert.count(), (last == null ? 0 : last.count) + repeats + 1);
            out = count == alert.count() ? alert
                    : new Alert(alert.id(), alert.level(), alert.fingerprint(), alert.errorClass(), alert.component(),
                            alert.title(), alert.detail(), count, alert.at());
            seen.put(key, new Seen(now, count));
            if (seen.size() > MAX_REMEMBERED) {
                forgetExpired(now);
            }
        }
        Entry entry = new Entry(out, repeats);
        synchronized (history) {
            history.addFirst(entry);
            while (history.size() > historySize) {
                history.removeLast();
            }
        }
        for (Lane lane : lanes.values()) {
            lane.offer(entry, now);
        }
    }

    /** The alerts sent, newest first, with what became of each on every channel so far. */
    public List<AlertRecord> history() {
        List<Entry> entries;
        synchronized (history) {
            entries = new ArrayList<>(history);
        }
        return entries.stream().map(Entry::snapshot).toList();
    }

    /** Raises held back as duplicates since this dispatcher started. */
    public long duplicatesHeldBack() {
        return duplicates.get();
    }

    /** Per channel present, alerts not sent because of its limit per minute, since it was added. */
    public Map<String, Long> throttled() {
        Map<String, Long> counts = new TreeMap<>();
        lanes.forEach((name, lane) -> counts.put(name, lane.throttled.get()));
        return counts;
    }

    /**
     * Stops: deliveries already queued get a moment to finish, the rest are recorded as failed;
     * later raises are dropped.
     */
    @Override
    public void close() {
        closed = true;
        List<Lane> stopping = new ArrayList<>(lanes.values());
        lanes.clear();
        stopping.forEach(lane -> lane.executor.shutdown());
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Lane lane : stopping) {
            try {
                lane.executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping.forEach(lane -> lane.stop("alert dispatcher closed before delivery"));
    }

    private void forgetExpired(Instant now) {
        seen.values().removeIf(s -> s.repeats == 0 && !now.isBefore(s.sentAt.plus(window)));
        if (seen.size() > MAX_REMEMBERED) {
            // only a flood of distinct fingerprints gets here: their held-back repeats are lost, not memory
            seen.values().removeIf(s -> !now.isBefore(s.sentAt.plus(window)));
        }
    }

    private static String reason(Throwable t) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        message = message.replaceAll("\\s+", " ");
        return message.length() <= REASON_LENGTH ? message : message.substring(0, REASON_LENGTH) + "...";
    }

    private record Key(String fingerprint, AlertLevel level) {
    }

    /** The last alert of a kind that was sent, and the repeats held back since. */
    private static final class Seen {
        final Instant sentAt;
        final long count;
        long repeats;

        Seen(Instant sentAt, long count) {
            this.sentAt = sentAt;
            this.count = count;
        }
    }

    /** An alert in the history; its deliveries fill in as the channels answer. */
    private static final class Entry {
        final Alert alert;
        final long repeats;
        final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();

        Entry(Alert alert, long repeats) {
            this.alert = alert;
            this.repeats = repeats;
        }

        void record(String channel, Delivery.Outcome outcome, String reason, Instant at) {
            deliveries.put(channel, new Delivery(channel, outcome, reason, at));
        }

        AlertRecord snapshot() {
            return new AlertRecord(alert, repeats, deliveries);
        }
    }

    /** One channel: its delivery thread and queue, and the times of its recent sends for the limit per minute. */
    private final class Lane {
        final String name;
        final AlertChannel channel;
        final ThreadPoolExecutor executor;
        final AtomicLong throttled = new AtomicLong();
        /** Guarded by itself. */
        private final Deque<Instant> recent = new ArrayDeque<>();

        Lane(String name, AlertChannel channel) {
            this.name = name;
            this.channel = channel;
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY), r -> {
                Thread t = new Thread(r, "toolbox-alert-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        void offer(Entry entry, Instant now) {
            AlertLevel minimum;
            try {
                minimum = Objects.requireNonNullElse(channel.minimumLevel(), AlertLevel.WARNING);
            } catch (RuntimeException e) {
                entry.record(name, Delivery.Outcome.FAILED, "minimumLevel() failed: " + reason(e), now);
                return;
            }
            if (entry.alert.level().compareTo(minimum) < 0) {
                entry.record(name, Delivery.Outcome.BELOW_LEVEL, "below the channel's minimum level " + minimum, now);
                return;
            }
            if (!admit(now)) {
                throttled.incrementAndGet();
                entry.record(name, Delivery.Outcome.THROTTLED, "more than " + perChannelPerMinute + " alerts in a minute", now);
                return;
            }
            entry.record(name, Delivery.Outcome.PENDING, null, now);
            try {
                executor.execute(new Send(this, entry));
            } catch (RejectedExecutionException e) {
                entry.record(name, Delivery.Outcome.FAILED, executor.isShutdown() ? "channel removed before delivery"
                        : "delivery queue full (" + QUEUE_CAPACITY + " alerts waiting for this channel)", now);
            }
        }

        private boolean admit(Instant now) {
            synchronized (recent) {
                Instant start = now.minus(MINUTE);
                while (!recent.isEmpty() && !recent.peekFirst().isAfter(start)) {
                    recent.removeFirst();
                }
                if (recent.size() >= perChannelPerMinute) {
                    return false;
                }
                recent.addLast(now);
                return true;
            }
        }

        void stop(String reason) {
            for (Runnable never : executor.shutdownNow()) {
                if (never instanceof Send send) {
                    send.entry.record(name, Delivery.Outcome.FAILED, reason, clock.instant());
                }
            }
        }
    }

    /** One delivery, on the channel's own thread. */
    private final class Send implements Runnable {
        final Lane lane;
        final Entry entry;

        Send(Lane lane, Entry entry) {
            this.lane = lane;
            this.entry = entry;
        }

        @Override
        public void run() {
            try {
                lane.channel.send(entry.alert);
                entry.record(lane.name, Delivery.Outcome.SENT, null, clock.instant());
            } catch (Exception | LinkageError e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String why = reason(e);
                entry.record(lane.name, Delivery.Outcome.FAILED, why, clock.instant());
                LOG.warn("Alert '{}' ({}) not delivered on channel {}: {}", entry.alert.title(), entry.alert.level(), lane.name, why);
            }
        }
    }
}
