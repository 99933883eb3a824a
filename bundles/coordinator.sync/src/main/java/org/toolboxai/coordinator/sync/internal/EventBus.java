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
 * Publishing is serialised on this node (the log serialises appends anyway), so every
 * subscriber receives its events in sequence order. Subscribers on other nodes are not told:
 * they follow the log ({@link EventLog#since}).
 */
final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    static final int DEFAULT_BUFFER = 10_000;

    private final EventLog log;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Object publishing = new Object();

    EventBus(EventLog log) {
        this.log = log;
    }

    /** The log behind the bus. */
    EventLog log() {
        return log;
    }

    /** Appends an event to the log, then offers it to this node's subscribers; answers it with its sequence number. */
    EventLog.Event publish(String topic, int priority, JsonNode payload) throws SQLException {
        synchronized (publishing) {
            EventLog.Event event = log.append(topic, priority, payload);
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
            return event;
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

    /** Ends every subscription (the bus is going): waiting subscribers return. */
    void closeAll() {
        for (Subscription s : subscriptions) {
            s.close();
        }
    }

    /** Live subscriptions on this node. */
    int subscriberCount() {
        return subscriptions.size();
    }
}
