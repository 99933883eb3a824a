package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * {@code /api/v1/events}: the event log for clients without WebSocket. A long poll answers the
 * events after {@code since} at once if there are any, else waits up to {@code wait} seconds for
 * one without holding a server thread (the answer comes later, completed by the bus or a timer);
 * {@code /events/stream} is the same as Server-Sent Events.
 */
@Component(service = ApiEndpoint.class)
public class EventsEndpoint implements ApiEndpoint {

    /** One event as answered. */
    public record EventView(long seq, String topic, int priority, long at, JsonNode payload) {

        static EventView of(EventLog.Event e) {
            return new EventView(e.seq(), e.topic(), e.priority(), e.at(), e.payload());
        }
    }

    /** A long poll's answer: pass {@code last} as {@code since} next time. */
    public record EventPage(List<EventView> events, long last) {
    }

    static final int MAX_WAIT_SECONDS = 60;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final EventBus bus;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final TopicAccess access;
    private final EventStreams streams;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile WorkflowService workflows;

    @Activate
    public EventsEndpoint(@Reference SyncEvents events, @Reference SyncCoordinator sync) {
        this.bus = events.bus();
        this.timers = events.timers();
        this.readers = events.readers();
        this.access = new TopicAccess(() -> workflows, TopicAccess.documents(sync.documents()));
        this.streams = new EventStreams(bus, events::streamSettings);
    }

    EventsEndpoint(EventBus bus, ScheduledExecutorService timers, Executor readers, TopicAccess access, EventStreams streams) {
        this.bus = bus;
        this.timers = timers;
        this.readers = readers;
        this.access = access;
        this.streams = streams;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/events", Role.VIEWER, this::poll)
                        .described("The events after a sequence number on the topics named, waiting up to wait seconds for one",
                                null, EventPage.class)
                        .withQuery("since", Long.class, "the last sequence number seen (answered as last), default 0")
                        .withQuery("topic", String.class, "repeatable: workflow/run/<run id>, state/<name>; admins also workflow/*, state/*")
                        .withQuery("wait", Integer.class, "seconds to wait for an event when there is none, 0-" + MAX_WAIT_SECONDS
                                + ", default 0")
                        .withQuery("limit", Integer.class, "at most this many events, 1-" + MAX_LIMIT + ", default " + DEFAULT_LIMIT),
                new ApiRoute("GET", "/events/stream", Role.VIEWER, EventStreams.CONTENT_TYPE, this::stream)
                        .described("The events on the topics named as Server-Sent Events (id: the sequence number; Last-Event-ID "
                                + "resumes)", null, null)
                        .withQuery("since", Long.class, "start after this sequence number (default: only new events)")
                        .withQuery("topic", String.class, "repeatable, as for /events"));
    }

    private ApiResponse poll(ApiRequest request) {
        Caller caller = request.requireCaller();
        Set<TopicPattern> patterns = access.allowed(caller, request.queryAll("topic"));
        long since = number(request, "since", 0, 0, Long.MAX_VALUE);
        int wait = (int) number(request, "wait", 0, 0, MAX_WAIT_SECONDS);
        int limit = (int) number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        EventLog log = bus.log();
        List<EventLog.Event> found = read(log, since, patterns, limit);
        if (!found.isEmpty() || wait == 0) {
            return ApiResponse.ok(page(found, since));
        }
        // subscribe before reading again: an event published in between wakes the wait
        CompletableFuture<Void> woken = new CompletableFuture<>();
        Subscription subscription = bus.subscribe(patterns, 1, s -> woken.complete(null));
        found = read(log, since, patterns, limit);
        if (!found.isEmpty()) {
            subscription.close();
            return ApiResponse.ok(page(found, since));
        }
        ScheduledFuture<?> timer = timers.schedule(() -> woken.complete(null), wait, TimeUnit.SECONDS);
        CompletableFuture<ApiResponse> answer = woken.thenApplyAsync(x -> {
            subscription.close();
            // at the end of the wait the log is read again: it also brings events other nodes logged
            return ApiResponse.ok(page(read(log, since, patterns, limit), since));
        }, readers);
        answer.whenComplete((r, failure) -> {
            // answered, timed out or the client went: nothing stays subscribed
            subscription.close();
            timer.cancel(false);
        });
        return ApiResponse.later(answer);
    }

    private ApiResponse stream(ApiRequest request) {
        Caller caller = request.requireCaller();
        Set<TopicPattern> patterns = access.allowed(caller, request.queryAll("topic"));
        Long since = request.header("Last-Event-ID").map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw ProblemException.invalid(List.of(new FieldError("Last-Event-ID", "a sequence number, as sent in id:")));
            }
        }).orElse(null);
        if (since == null && request.query("since").isPresent()) {
            since = number(request, "since", 0, 0, Long.MAX_VALUE);
        }
        long from = since != null ? since : call(() -> bus.log().last());
        return streams.open(patterns, from).withHeader("Cache-Control", "no-cache").withHeader("X-Accel-Buffering", "no");
    }

    private static EventPage page(List<EventLog.Event> found, long since) {
        long last = found.isEmpty() ? since : found.get(found.size() - 1).seq();
        return new EventPage(found.stream().map(EventView::of).toList(), last);
    }

    private static List<EventLog.Event> read(EventLog log, long since, Set<TopicPattern> patterns, int limit) {
        return call(() -> log.since(since, patterns, limit));
    }

    private static long number(ApiRequest request, String name, long otherwise, long min, long max) {
        String text = request.query(name).orElse(null);
        if (text == null) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min || value > max) {
            throw ProblemException.invalid(List.of(new FieldError(name, "a whole number from " + min + " to " + max)));
        }
        return value;
    }

    @FunctionalInterface
    interface Query<T> {
        T run() throws SQLException;
    }

    static <T> T call(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw ProblemException.unavailable("The event log cannot be read from the store now; try again shortly.");
        }
    }
}
