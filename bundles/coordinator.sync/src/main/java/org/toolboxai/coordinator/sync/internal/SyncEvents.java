package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.store.Store;

/**
 * The event stream on this node: the log in the store, the bus in front of it, the periodic
 * retention, and one timer thread for waits that end by time (long polls).
 */
@Component(service = SyncEvents.class, configurationPid = EventsConfig.PID)
@Designate(ocd = EventsConfig.class)
public class SyncEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEvents.class);

    static final long KEEP_ALIVE_MILLIS = 15_000;

    private final EventBus bus;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolbox-sync-events");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService readers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "toolbox-sync-event-readers");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService tailer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "toolbox-sync-event-tail");
        t.setDaemon(true);
        return t;
    });
    private volatile EventsConfig config;
    private ScheduledFuture<?> pruning;
    private ScheduledFuture<?> tailing;

    /** Opens the log on the migrated schema and starts the retention. */
    @Activate
    public SyncEvents(@Reference(target = "(" + Store.SCHEMA + "=sync)") Store store, EventsConfig config) {
        this.bus = new EventBus(new EventLog(store.dataSource(), Clock.systemUTC(), System.getProperty("karaf.name", "karaf")));
        try {
            bus.start();
        } catch (SQLException e) {
            // the first tail reads where the log ends
            LOG.warn("The event log could not be read at start; live delivery starts at the first tail: {}", e.toString());
        }
        modified(config);
    }

    /** A new retention applies from the next pruning. */
    @Modified
    synchronized void modified(EventsConfig config) {
        this.config = config;
        if (pruning != null) {
            pruning.cancel(false);
        }
        long minutes = Math.max(1, config.events_prune_minutes());
        pruning = timers.scheduleWithFixedDelay(this::prune, 1, minutes * 60, TimeUnit.SECONDS);
        if (tailing != null) {
            tailing.cancel(false);
        }
        long tailMillis = Math.max(10, config.events_tail_millis());
        tailing = tailer.scheduleWithFixedDelay(this::tail, tailMillis, tailMillis, TimeUnit.MILLISECONDS);
    }

    /** What other nodes appended reaches this node's subscribers (on its own thread: it reads the store). */
    private void tail() {
        try {
            bus.tail();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Reading the event log for other nodes' events failed; tried again shortly: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        tailer.shutdownNow();
        bus.closeAll();
        timers.shutdownNow();
        readers.shutdownNow();
    }

    /** The bus (and through it the log). */
    EventBus bus() {
        return bus;
    }

    /** The timer for waits that end by time; its tasks must be short. */
    ScheduledExecutorService timers() {
        return timers;
    }

    /** Where the log is read when a wait ends (not on the publisher's or the timer's thread). */
    Executor readers() {
        return readers;
    }

    /** The bounds of Server-Sent Event streams now. */
    EventStreams.Settings streamSettings() {
        EventsConfig c = config;
        return new EventStreams.Settings(c.events_stream_max(), TimeUnit.MINUTES.toMillis(Math.max(1, c.events_stream_minutes())),
                KEEP_ALIVE_MILLIS, EventBus.DEFAULT_BUFFER);
    }

    /** One event as the shell shows it. */
    public record EventLine(long seq, java.time.Instant at, String topic, int priority, String payload) {
        static EventLine of(EventLog.Event e) {
            return new EventLine(e.seq(), java.time.Instant.ofEpochMilli(e.at()), e.topic(), e.priority(), e.payload().toString());
        }
    }

    /** The newest events on a topic or prefix ({@code null}: every topic), oldest first. */
    public java.util.List<EventLine> recent(String topic, int limit) throws SQLException {
        java.util.List<EventLine> lines = new java.util.ArrayList<>(bus.log().latest(patterns(topic), limit).stream().map(EventLine::of).toList());
        java.util.Collections.reverse(lines);
        return lines;
    }

    /**
     * Hands each new event on a topic or prefix ({@code null}: every topic) to {@code out} for at
     * most {@code duration}, or until the thread is interrupted (Ctrl-C in the shell).
     */
    public void follow(String topic, Duration duration, java.util.function.Consumer<EventLine> out) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        try (Subscription s = bus.subscribe(patterns(topic), EventBus.DEFAULT_BUFFER, null)) {
            long left;
            while ((left = end - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
                for (Subscription.Delivery d : s.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS, 500)) {
                    if (d instanceof Subscription.Delivered delivered) {
                        out.accept(EventLine.of(delivered.event()));
                    }
                }
                if (s.isClosed()) {
                    return;
                }
            }
        }
    }

    /** This node's view of the event stream, for {@code toolbox:sync-status}. */
    public java.util.Map<String, Object> status() {
        java.util.Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("node", System.getProperty("karaf.name", "karaf"));
        try {
            status.put("log head", bus.log().last());
        } catch (SQLException e) {
            status.put("log head", "unreadable: " + e.getMessage());
        }
        status.put("handed out up to", bus.dispatched());
        status.put("bus subscribers", bus.subscriberCount());
        EventsConfig c = config;
        status.put("tail interval", c.events_tail_millis() + " ms");
        status.put("retention", c.events_retention_hours() + " h, " + c.events_retention_count() + " events");
        status.put("event streams (SSE) allowed", c.events_stream_max());
        return status;
    }

    private static java.util.Set<TopicPattern> patterns(String topic) {
        return topic == null || topic.isBlank() ? java.util.Set.of() : java.util.Set.of(TopicPattern.parse(topic));
    }

    private void prune() {
        EventsConfig c = config;
        try {
            int deleted = bus.log().prune(Duration.ofHours(Math.max(1, c.events_retention_hours())), Math.max(1, c.events_retention_count()));
            if (deleted > 0) {
                LOG.debug("Event log retention deleted {} events", deleted);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Event log retention failed; it is tried again in {} minutes: {}", c.events_prune_minutes(), e.toString());
        }
    }
}
