package org.toolboxai.coordinator.sync.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;

/**
 * Server-Sent Events of the bus: first what the log holds after the starting sequence number,
 * then what the bus brings, each as {@code id: <seq>}, {@code event: <topic>}, {@code data: <the
 * event as JSON>}; a {@code : keep-alive} comment after each quiet period. Sequence numbers only
 * increase: after a gap notice the missing part is read from the log, and whatever the buffer
 * still holds at or below the last number sent is skipped.
 * <p>
 * The web bundle writes a streamed body on the request's own thread ({@code BodyWriter} is
 * blocking), so every open stream holds a server thread: the number of streams on a node and
 * the life of each are bounded ({@link Settings}); {@code EventSource} reconnects by itself with
 * {@code Last-Event-ID} and misses nothing.
 */
final class EventStreams {

    static final String CONTENT_TYPE = "text/event-stream";
    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    /** Bounds: streams open at once, how long one lives, the quiet time before a keep-alive, each stream's buffer. */
    record Settings(int maxStreams, long maxMillis, long keepAliveMillis, int bufferSize) {
    }

    private final EventBus bus;
    private final Supplier<Settings> settings;
    private final AtomicInteger open = new AtomicInteger();

    EventStreams(EventBus bus, Supplier<Settings> settings) {
        this.bus = bus;
        this.settings = settings;
    }

    /** The streamed answer: the events on {@code patterns} after {@code since}. */
    ApiResponse open(Set<TopicPattern> patterns, long since) {
        Settings s = settings.get();
        return ApiResponse.stream(CONTENT_TYPE, null, out -> write(out, patterns, since, s));
    }

    /** Streams open now. */
    int openStreams() {
        return open.get();
    }

    /** Writes the stream until its life ends, the client goes (a write fails) or the bus closes the subscription. */
    void write(OutputStream out, Set<TopicPattern> patterns, long since, Settings s) throws IOException, InterruptedException {
        if (open.incrementAndGet() > s.maxStreams()) {
            open.decrementAndGet();
            throw new ProblemException(Problem.of(503, "Service Unavailable", "This node serves " + s.maxStreams()
                    + " event streams already; try again shortly, or use the long poll GET /api/v1/events?wait=30."),
                    Map.of("Retry-After", "10"));
        }
        try (Subscription subscription = bus.subscribe(patterns, s.bufferSize(), null)) {
            out.write(("retry: 3000\n\n").getBytes(StandardCharsets.UTF_8));
            long last = catchUp(out, patterns, since, Long.MAX_VALUE);
            out.flush();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.maxMillis());
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                List<Subscription.Delivery> taken = subscription.poll(Math.min(TimeUnit.MILLISECONDS.toNanos(s.keepAliveMillis()), left),
                        TimeUnit.NANOSECONDS, PAGE);
                if (taken.isEmpty()) {
                    if (subscription.isClosed()) {
                        return;
                    }
                    out.write(KEEP_ALIVE);
                } else {
                    for (Subscription.Delivery d : taken) {
                        if (d instanceof Subscription.Gap gap) {
                            last = catchUp(out, patterns, last, gap.to());
                        } else {
                            EventLog.Event e = ((Subscription.Delivered) d).event();
                            if (e.seq() > last) {
                                send(out, e);
                                last = e.seq();
                            }
                        }
                    }
                }
                out.flush();
            }
        } finally {
            open.decrementAndGet();
        }
    }

    /** Sends what the log holds after {@code after}, at least up to {@code upTo} (or to its end); answers the last sent. */
    private long catchUp(OutputStream out, Set<TopicPattern> patterns, long after, long upTo) throws IOException {
        long last = after;
        while (last < upTo) {
            List<EventLog.Event> page;
            try {
                page = bus.log().since(last, patterns, PAGE);
            } catch (SQLException e) {
                throw new IOException("the event log cannot be read now", e);
            }
            for (EventLog.Event e : page) {
                send(out, e);
                last = e.seq();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return last;
    }

    private static void send(OutputStream out, EventLog.Event e) throws IOException {
        // topics hold no line breaks (they are checked), and Jackson writes JSON on one line
        String frame = "id: " + e.seq() + "\nevent: " + e.topic() + "\ndata: " + JSON.writeValueAsString(EventsEndpoint.EventView.of(e))
                + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
    }
}
