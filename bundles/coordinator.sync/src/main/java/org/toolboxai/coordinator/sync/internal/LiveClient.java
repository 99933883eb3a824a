package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.live.LiveConnection;
import org.toolboxai.api.live.LiveSession;
import org.toolboxai.api.security.Caller;

/**
 * One WebSocket client of the event stream. Messages are JSON objects with a {@code type}:
 * <ul>
 * <li>{@code {"type":"subscribe","topics":[...],"since":N}}: follow the topics (the access rules
 *     of {@code GET /api/v1/events}); with {@code since}, first the events of those topics after
 *     N that the log holds, then live ones. Answered {@code subscribed} with the topics.</li>
 * <li>{@code {"type":"unsubscribe","topics":[...]}}: answered {@code unsubscribed}.</li>
 * <li>{@code {"type":"ping"}}: answered {@code pong} (for clients that cannot send ping frames).</li>
 * </ul>
 * An optional {@code id} in a message comes back in its answer. Events arrive as
 * {@code {"type":"event","seq","topic","priority","at","payload"}}, in sequence order per topic
 * and never twice; when the socket's buffer overflowed, a {@code gap} notice says which sequence
 * numbers were dropped and the server refills them from the log before going on. A message that
 * cannot be served gets an {@code error} answer with an HTTP status, title and detail (and
 * {@code errors} listing every problem); after {@value LiveHub#MAX_ERRORS} of them the socket
 * is closed with 1008.
 */
final class LiveClient implements LiveSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;
    private static final Set<String> TYPES = Set.of("subscribe", "unsubscribe", "ping");

    private final Caller caller;
    private final LiveConnection connection;
    private final EventBus bus;
    private final TopicAccess access;
    private final Executor senders;
    private final Consumer<LiveClient> onEnd;
    private final Frames frames;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Guarded by {@code this}: the socket's sends, in order. */
    private final Set<String> topics = new LinkedHashSet<>();
    private Subscription subscription;
    /** The last sequence number sent from the live buffer (refills from the log included). */
    private long lastLive = -1;
    private int errors;
    private volatile boolean ended;

    LiveClient(Caller caller, LiveConnection connection, EventBus bus, TopicAccess access, Executor senders, Frames frames,
            Consumer<LiveClient> onEnd) {
        this.frames = frames;
        this.caller = caller;
        this.connection = connection;
        this.bus = bus;
        this.access = access;
        this.senders = senders;
        this.onEnd = onEnd;
    }

    /** The first message: who the socket is, and its limits. */
    synchronized void welcome() {
        ObjectNode hello = JSON.createObjectNode().put("type", "welcome").put("connection", connection.id())
                .put("user", caller.name()).put("role", caller.role().name().toLowerCase(java.util.Locale.ROOT))
                .put("max_topics", LiveHub.MAX_TOPICS);
        send(hello);
    }

    synchronized int topicCount() {
        return topics.size();
    }

    @Override
    public void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            error(null, Problem.of(400, "Bad Request", "A message is one JSON object; this one is not JSON: "
                    + e.getOriginalMessage()), List.of());
            return;
        }
        if (message == null || !message.isObject()) {
            error(null, Problem.of(400, "Bad Request", "A message is one JSON object with a type."), List.of());
            return;
        }
        JsonNode id = message.get("id");
        String type = message.path("type").asText("");
        try {
            switch (type) {
                case "subscribe" -> subscribe(id, message);
                case "unsubscribe" -> unsubscribe(id, message);
                case "ping" -> {
                    synchronized (this) {
                        send(answer("pong", id));
                    }
                }
                default -> error(id, Problem.of(400, "Bad Request", "Unknown message type '" + type + "'; a message's type is one of "
                        + String.join(", ", new java.util.TreeSet<>(TYPES)) + "."), List.of());
            }
        } catch (ProblemException e) {
            error(id, e.problem(), List.of());
        }
    }

    private void subscribe(JsonNode id, JsonNode message) {
        List<String> problems = new ArrayList<>();
        List<String> asked = topicsOf(message, problems);
        Long since = null;
        JsonNode s = message.get("since");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
                problems.add("since: a sequence number (a whole number, 0 or more)");
            } else {
                since = s.asLong();
            }
        }
        if (!problems.isEmpty()) {
            error(id, Problem.of(400, "Bad Request", "The subscribe message has " + problems.size() + " problem(s)."), problems);
            return;
        }
        Set<TopicPattern> patterns = access.allowed(caller, asked);
        if (since != null && since > bus.dispatched()) {
            // the client saw more on another node than this node has handed out yet: catch up first,
            // or what it saw would arrive again as live events
            try {
                bus.tail();
            } catch (SQLException e) {
                error(id, Problem.of(503, "Service Unavailable", "The event log cannot be read now; subscribe again shortly."), List.of());
                return;
            }
        }
        synchronized (this) {
            Set<String> added = new LinkedHashSet<>(asked);
            added.removeAll(topics);
            if (topics.size() + added.size() > LiveHub.MAX_TOPICS) {
                error(id, Problem.of(429, "Too Many Requests", "A socket follows at most " + LiveHub.MAX_TOPICS + " topics; it follows "
                        + topics.size() + ". Unsubscribe from some first, or open another socket."), List.of());
                return;
            }
            Set<TopicPattern> before = patternsOf(topics);
            topics.addAll(added);
            Set<TopicPattern> now = patternsOf(topics);
            long from;
            if (subscription == null) {
                EventBus.Follow follow = bus.follow(now, EventBus.DEFAULT_BUFFER, this::wake);
                subscription = follow.subscription();
                from = follow.from();
                lastLive = from;
            } else {
                from = bus.repattern(subscription, now);
            }
            ObjectNode answer = answer("subscribed", id);
            ArrayNode list = answer.putArray("topics");
            topics.forEach(list::add);
            answer.put("from", from);
            send(answer);
            if (since != null && since < from && !replay(since, from, patterns, before)) {
                // the client is told to subscribe again: then these topics must count as new
                topics.removeAll(added);
                if (topics.isEmpty()) {
                    subscription.close();
                    subscription = null;
                } else {
                    bus.repattern(subscription, patternsOf(topics));
                }
            }
        }
        wake(subscription);
    }

    private void unsubscribe(JsonNode id, JsonNode message) {
        List<String> problems = new ArrayList<>();
        List<String> asked = topicsOf(message, problems);
        if (!problems.isEmpty()) {
            error(id, Problem.of(400, "Bad Request", "The unsubscribe message has " + problems.size() + " problem(s)."), problems);
            return;
        }
        synchronized (this) {
            asked.forEach(topics::remove);
            if (subscription != null) {
                if (topics.isEmpty()) {
                    // a subscription without patterns would follow every topic
                    subscription.close();
                    subscription = null;
                } else {
                    bus.repattern(subscription, patternsOf(topics));
                }
            }
            ObjectNode answer = answer("unsubscribed", id);
            ArrayNode list = answer.putArray("topics");
            topics.forEach(list::add);
            send(answer);
        }
    }

    /**
     * Sends what the log holds on {@code patterns} in (after, upTo], except topics the socket
     * already followed; answers whether all of it was sent.
     */
    private boolean replay(long after, long upTo, Set<TopicPattern> patterns, Set<TopicPattern> followedBefore) {
        long cursor = after;
        while (cursor < upTo) {
            List<EventLog.Event> page;
            try {
                page = bus.log().since(cursor, patterns, PAGE);
            } catch (SQLException e) {
                error(null, Problem.of(503, "Service Unavailable", "The event log cannot be read now; subscribe again with since="
                        + cursor + " shortly."), List.of());
                return false;
            }
            for (EventLog.Event e : page) {
                if (e.seq() > upTo) {
                    return true;
                }
                cursor = e.seq();
                if (!TopicPattern.any(followedBefore, e.topic()) || followedBefore.isEmpty()) {
                    if (!send(event(e))) {
                        return false;
                    }
                }
            }
            if (page.size() < PAGE) {
                return true;
            }
        }
        return true;
    }

    /** Called by the bus when something was buffered: schedules one drain on the sender pool. */
    private void wake(Subscription s) {
        if (s != null && !ended && scheduled.compareAndSet(false, true)) {
            try {
                senders.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        Subscription s;
        synchronized (this) {
            s = subscription;
            if (s != null) {
                for (Subscription.Delivery d : s.drain(PAGE)) {
                    if (d instanceof Subscription.Gap gap) {
                        boolean refilled = refill(s, gap.to());
                        // after the refill, so that a client sees the notice once the numbers it names have come
                        send(JSON.createObjectNode().put("type", "gap").put("from", gap.from()).put("to", gap.to())
                                .put("dropped", gap.dropped()).put("refilled", refilled));
                    } else {
                        EventLog.Event e = ((Subscription.Delivered) d).event();
                        if (e.seq() > lastLive) {
                            if (!send(event(e))) {
                                break;
                            }
                            lastLive = e.seq();
                        }
                    }
                }
            }
        }
        scheduled.set(false);
        if (s != null && s.buffered() > 0) {
            wake(s);
        }
    }

    /**
     * After dropped events: sends what the log holds for the followed topics after
     * {@link #lastLive}, up to {@code upTo}; answers whether it could (the log readable, the socket open).
     */
    private boolean refill(Subscription s, long upTo) {
        while (lastLive < upTo) {
            List<EventLog.Event> page;
            try {
                page = bus.log().since(lastLive, s.patterns(), PAGE);
            } catch (SQLException e) {
                return false;
            }
            for (EventLog.Event e : page) {
                if (!send(event(e))) {
                    return false;
                }
                lastLive = e.seq();
            }
            if (page.size() < PAGE) {
                return true;
            }
        }
        return true;
    }

    @Override
    public void closed(int code) {
        release();
    }

    /** Closes the socket from the server's side. */
    void end(int code, String reason) {
        release();
        connection.close(code, reason);
    }

    private void release() {
        ended = true;
        Subscription s;
        synchronized (this) {
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.close();
        }
        onEnd.accept(this);
    }

    private void error(JsonNode id, Problem problem, List<String> details) {
        boolean tooMany;
        synchronized (this) {
            errors++;
            tooMany = errors > LiveHub.MAX_ERRORS;
            if (!tooMany) {
                ObjectNode answer = answer("error", id).put("status", problem.status()).put("title", problem.title())
                        .put("detail", problem.detail());
                if (!details.isEmpty()) {
                    ArrayNode list = answer.putArray("errors");
                    details.forEach(list::add);
                }
                send(answer);
            }
        }
        if (tooMany) {
            end(LiveConnection.POLICY_VIOLATION, "more than " + LiveHub.MAX_ERRORS + " bad messages");
        }
    }

    private static List<String> topicsOf(JsonNode message, List<String> problems) {
        JsonNode topics = message.get("topics");
        List<String> out = new ArrayList<>();
        if (topics == null || !topics.isArray() || topics.isEmpty()) {
            problems.add("topics: a non-empty array of topic names (workflow/run/<run id>, state/<document name>)");
            return out;
        }
        if (topics.size() > 50) {
            problems.add("topics: at most 50 in one message; " + topics.size() + " were sent");
            return out;
        }
        for (int i = 0; i < topics.size(); i++) {
            JsonNode t = topics.get(i);
            if (!t.isTextual() || t.asText().isBlank()) {
                problems.add("topics[" + i + "]: a topic name (text)");
            } else {
                out.add(t.asText());
            }
        }
        return out;
    }

    private static Set<TopicPattern> patternsOf(Set<String> topics) {
        Set<TopicPattern> out = new LinkedHashSet<>();
        for (String t : topics) {
            out.add(TopicPattern.parse(t));
        }
        return out;
    }

    private static ObjectNode answer(String type, JsonNode id) {
        ObjectNode answer = JSON.createObjectNode().put("type", type);
        if (id != null && (id.isTextual() || id.isNumber())) {
            answer.set("id", id);
        }
        return answer;
    }

    /** An event as its message; every socket of the hub sends the same text, so it is written once ({@link Frames}). */
    private String event(EventLog.Event e) {
        return frames.of(e);
    }

    /**
     * The last few hundred event messages of one bus, by sequence number and topic: an event that
     * fans out to many sockets is written as JSON once.
     */
    static final class Frames {
        private final java.util.LinkedHashMap<Long, String[]> recent;

        Frames(int size) {
            recent = new java.util.LinkedHashMap<>(size * 2, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, String[]> eldest) {
                    return size() > size;
                }
            };
        }

        String of(EventLog.Event e) {
            synchronized (recent) {
                String[] cached = recent.get(e.seq());
                if (cached != null && cached[0].equals(e.topic())) {
                    return cached[1];
                }
            }
            ObjectNode node = JSON.createObjectNode().put("type", "event").put("seq", e.seq()).put("topic", e.topic())
                    .put("priority", e.priority()).put("at", e.at());
            node.set("payload", e.payload());
            String frame;
            try {
                frame = JSON.writeValueAsString(node);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("an event could not be written as JSON", ex);
            }
            synchronized (recent) {
                recent.put(e.seq(), new String[] {e.topic(), frame});
            }
            return frame;
        }
    }

    private boolean send(ObjectNode message) {
        try {
            return send(JSON.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written as JSON", e);
        }
    }

    private boolean send(String text) {
        return !ended && connection.send(text);
    }

    /** For logs. */
    @Override
    public String toString() {
        return "LiveClient[" + connection.id() + ", " + caller.name() + "]";
    }
}
