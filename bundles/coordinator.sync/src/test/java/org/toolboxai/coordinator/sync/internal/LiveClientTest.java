package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.live.LiveConnection;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * The WebSocket protocol of the event stream on a real H2 log, with a connection that records
 * what it was sent: answers to good and bad messages, replay from a sequence number followed by
 * live events without a gap or a repeat, a second subscription that replays only its own
 * topics, and the limits (topics per socket, error answers before a close).
 */
class LiveClientTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Caller ADMIN = new Caller("ada", Role.ADMIN, "token");

    EventBus bus;
    LiveHub hub;
    ExecutorService senders = Executors.newFixedThreadPool(2);

    /** What a socket was sent, and how it was closed. */
    static final class Recorded implements LiveConnection {
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        final AtomicInteger closedWith = new AtomicInteger();

        @Override
        public String id() {
            return "ws-test";
        }

        @Override
        public boolean send(String text) {
            try {
                sent.add(JSON.readTree(text));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
            return true;
        }

        @Override
        public void close(int code, String reason) {
            closedWith.set(code);
        }

        @Override
        public boolean isOpen() {
            return closedWith.get() == 0;
        }

        List<JsonNode> ofType(String type) {
            return sent.stream().filter(m -> m.path("type").asText().equals(type)).toList();
        }

        List<Long> eventSeqs(String topicPrefix) {
            return ofType("event").stream().filter(e -> e.path("topic").asText().startsWith(topicPrefix))
                    .map(e -> e.path("seq").asLong()).toList();
        }
    }

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:live-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", LiveClientTest.class.getClassLoader(), "db/sync");
        bus = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-a"));
        bus.start();
        Documents documents = new Documents(h2, Clock.systemUTC(), name -> Optional.empty());
        TopicAccess access = new TopicAccess(() -> EventsEndpointTest.runsOwnedBy(Map.of("r1", "ada")), TopicAccess.documents(documents));
        hub = new LiveHub(bus, access, senders);
    }

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    LiveClient open(Recorded connection) {
        return (LiveClient) hub.open(ADMIN, connection);
    }

    @Test
    void badMessagesGetErrorAnswersThatSayWhatIsWrong() {
        Recorded c = new Recorded();
        LiveClient client = open(c);
        assertThat(c.sent.get(0).path("type").asText()).isEqualTo("welcome");
        client.received("{nope");
        client.received("[1]");
        client.received("{\"type\":\"fly\",\"id\":3}");
        client.received("{\"type\":\"subscribe\",\"topics\":[],\"since\":-2}");
        client.received("{\"type\":\"subscribe\",\"topics\":[\"weather/x\"]}");
        List<JsonNode> errors = c.ofType("error");
        assertThat(errors).hasSize(5).allMatch(e -> e.path("status").asInt() == 400);
        assertThat(errors.get(2).path("id").asInt()).isEqualTo(3);
        assertThat(errors.get(3).path("errors")).hasSize(2);
        assertThat(errors.get(4).path("detail").asText()).contains("weather/x");
        assertThat(c.closedWith.get()).isZero();
    }

    @Test
    void aSubscriptionFromASequenceNumberReplaysTheLogThenGoesLiveWithoutGapOrRepeat() throws Exception {
        for (int i = 0; i < 5; i++) {
            bus.publish("state/a", 6, JSON.createObjectNode().put("i", i));
            bus.publish("state/other", 6, JSON.createObjectNode().put("i", i));
        }
        long third = bus.log().since(0, List.of(TopicPattern.parse("state/a")), 10).get(2).seq();
        Recorded c = new Recorded();
        LiveClient client = open(c);
        client.received("{\"type\":\"subscribe\",\"topics\":[\"state/a\"],\"since\":" + third + ",\"id\":\"s\"}");
        assertThat(c.ofType("subscribed").get(0).path("id").asText()).isEqualTo("s");
        for (int i = 5; i < 8; i++) {
            bus.publish("state/a", 6, JSON.createObjectNode().put("i", i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.eventSeqs("state/a").size() == 5);
        List<Long> expected = bus.log().since(third, List.of(TopicPattern.parse("state/a")), 100).stream().map(EventLog.Event::seq).toList();
        assertThat(c.eventSeqs("state/a")).isEqualTo(expected).isSorted().doesNotHaveDuplicates();
        assertThat(c.eventSeqs("state/other")).isEmpty();
    }

    @Test
    void aSecondSubscriptionReplaysOnlyItsOwnTopics() throws Exception {
        bus.publish("state/a", 6, JSON.createObjectNode().put("n", 1));
        bus.publish("state/b", 6, JSON.createObjectNode().put("n", 1));
        Recorded c = new Recorded();
        LiveClient client = open(c);
        client.received("{\"type\":\"subscribe\",\"topics\":[\"state/a\"],\"since\":0}");
        client.received("{\"type\":\"subscribe\",\"topics\":[\"state/*\"],\"since\":0}");
        bus.publish("state/b", 6, JSON.createObjectNode().put("n", 2));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.eventSeqs("state/b").size() == 2);
        assertThat(c.eventSeqs("state/a")).as("state/a once, though state/* covers it too").hasSize(1);
        List<Long> all = new ArrayList<>(c.eventSeqs("state/"));
        assertThat(all).doesNotHaveDuplicates().hasSize(3);

        client.received("{\"type\":\"unsubscribe\",\"topics\":[\"state/a\",\"state/*\"]}");
        assertThat(bus.subscriberCount()).as("no topics left: the socket's subscription is closed").isZero();
        assertThat(c.ofType("unsubscribed").get(0).path("topics")).isEmpty();
    }

    @Test
    void beyondOneHundredTopicsIsRefusedAndTooManyBadMessagesCloseTheSocket() {
        Recorded c = new Recorded();
        LiveClient client = open(c);
        for (int batch = 0; batch < 3; batch++) {
            StringBuilder topics = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                topics.append(i == 0 ? "" : ",").append("\"workflow/run/t").append(batch).append('-').append(i).append('"');
            }
            client.received("{\"type\":\"subscribe\",\"topics\":[" + topics + "]}");
        }
        assertThat(c.ofType("subscribed")).hasSize(2);
        assertThat(c.ofType("error")).singleElement().satisfies(e -> assertThat(e.path("status").asInt()).isEqualTo(429));
        assertThat(hub.topicCount()).isEqualTo(100);

        // the 429 was the first error answer
        for (int i = 1; i < LiveHub.MAX_ERRORS; i++) {
            client.received("not json");
        }
        assertThat(c.ofType("error")).hasSize(LiveHub.MAX_ERRORS);
        assertThat(c.closedWith.get()).as("still open after %d errors", LiveHub.MAX_ERRORS).isZero();
        client.received("not json");
        assertThat(c.closedWith.get()).isEqualTo(LiveConnection.POLICY_VIOLATION);
        assertThat(hub.clientCount()).isZero();
    }
}
