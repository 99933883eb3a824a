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
    private volatile EventsConfig config;
    private ScheduledFuture<?> pruning;

    /** Opens the log on the migrated schema and starts the retention. */
    @Activate
    public SyncEvents(@Reference(target = "(" + Store.SCHEMA + "=sync)") Store store, EventsConfig config) {
        this.bus = new EventBus(new EventLog(store.dataSource(), Clock.systemUTC(), System.getProperty("karaf.name", "karaf")));
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
    }

    @Deactivate
    void deactivate() {
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
