package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process event bus of this node: {@link #publish} appends to the {@link EventLog} (so any
 * node can replay it) and then hands the event to every live subscriber on this node whose
 * patterns match. Each subscriber has its own bounded buffer ({@link Subscription}); a full
 * buffer drops its lowest-priority event, so a slow subscriber never blocks a publisher.
 * <p>
 * Subscribers receive events in the log's order, whichever node published them: publishing is
 * serialised on this node, an event is handed out only once every event before it in the log has
 * been, and {@link #tail} (called a few times a second) hands out what other nodes appended. So a
 * subscriber on one node follows a run executing on another, and never sees a sequence number
 * twice or out of order.
 */
final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    static final int DEFAULT_BUFFER = 10_000;
    private static final int PAGE = 500;

    private final EventLog log;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Object publishing = new Object();
    /** The last sequence number handed to this node's subscribers; -1 before the log was first read. */
    private long dispatched = -1;

    EventBus(EventLog log) {
        this.log = log;
    }

    /** Live delivery starts after what the log holds now: earlier events are history (read with {@link EventLog#since}). */
    void start() throws SQLException {
        synchronized (publishing) {
            if (dispatched < 0) {
                dispatched = log.last();
            }
        }
    }

    /** The log behind the bus. */
    EventLog log() {
        return log;
    }

    /** Appends an event to the log, then offers it to this node's subscribers; answers it with its sequence number. */
    EventLog.Event publish(String topic, int priority, JsonNode payload) throws SQLException {
        synchronized (publishing) {
            EventLog.Event event = log.append(topic, priority, payload);
            if (dispatched < 0 || event.seq() == dispatched + 1) {
                dispatch(event);
            } else if (event.seq() > dispatched) {
                // another node appended in between: hand out its events first, in order
                try {
                    catchUp(event.seq());
                } catch (SQLException e) {
                    // the event is in the log: the next tail hands it out
                    LOG.debug("Handing out event {} waits for the next tail: {}", event.seq(), e.toString());
                }
            }
            return event;
        }
    }

    /** Hands out what other nodes appended since the last event handed out; answers how many. */
    int tail() throws SQLException {
        synchronized (publishing) {
            if (dispatched < 0) {
                dispatched = log.last();
                return 0;
            }
            long before = dispatched;
            catchUp(Long.MAX_VALUE);
            return (int) Math.min(Integer.MAX_VALUE, dispatched - before);
        }
    }

    /** Reads the log after {@link #dispatched} up to {@code upTo} (or its end) and hands each event out. */
    private void catchUp(long upTo) throws SQLException {
        while (dispatched < upTo) {
            List<EventLog.Event> page = log.since(dispatched, List.of(), PAGE);
            for (EventLog.Event e : page) {
                dispatch(e);
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private void dispatch(EventLog.Event event) {
        dispatched = event.seq();
        for (Subscription s : subscriptions) {
            if (TopicPattern.any(s.patterns(), event.topic())) {
                try {
                    s.offer(event);
                } catch (RuntimeException e) {
                    // a subscriber's wake-up failing must not stop the others
                    LOG.warn("A subscriber of {} failed to take event {}", s.patterns(), event.seq(), e);
                }
            }
        }
    }

    /**
     * Subscribes to the events whose topic matches one of {@code patterns} (none: every topic),
     * buffering at most {@code bufferSize}; {@code wake} (may be {@code null}) is called on the
     * publisher's thread each time something is buffered and must return at once.
     */
    Subscription subscribe(Collection<TopicPattern> patterns, int bufferSize, Consumer<Subscription> wake) {
        Subscription s = new Subscription(Set.copyOf(patterns), bufferSize, wake, subscriptions::remove);
        subscriptions.add(s);
        return s;
    }

    /** A subscription and the last sequence number handed out before it began. */
    record Follow(Subscription subscription, long from) {
    }

    /**
     * Like {@link #subscribe}, and answers the point where live delivery begins for it: events
     * after {@link Follow#from} arrive in its buffer, earlier ones are in the log.
     */
    Follow follow(Collection<TopicPattern> patterns, int bufferSize, Consumer<Subscription> wake) {
        synchronized (publishing) {
            return new Follow(subscribe(patterns, bufferSize, wake), dispatched);
        }
    }

    /** Changes what a subscription follows; answers the last sequence number handed out under the old patterns. */
    long repattern(Subscription subscription, Set<TopicPattern> patterns) {
        synchronized (publishing) {
            subscription.patterns(patterns);
            return dispatched;
        }
    }

    /** Ends every subscription (the bus is going): waiting subscribers return. */
    void closeAll() {
        for (Subscription s : subscriptions) {
            s.close();
        }
    }

    /** The last sequence number handed to this node's subscribers (-1 before the log was first read). */
    long dispatched() {
        synchronized (publishing) {
            return dispatched;
        }
    }

    /** Live subscriptions on this node. */
    int subscriberCount() {
        return subscriptions.size();
    }
}
