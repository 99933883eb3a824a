package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.store.internal.SchemaMigrator;

/** Server-Sent Events of the bus: catch-up from the log, live events, keep-alives, gaps filled from the log, and the bounds. */
class EventStreamsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    EventBus bus;

    /** What a client received, readable while the stream is written. */
    static final class Received extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean broken;

        @Override
        public synchronized void write(int b) throws IOException {
            if (broken) {
                throw new IOException("client went away");
            }
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (broken) {
                throw new IOException("client went away");
            }
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** The events received: id, event and data of each frame that has them. */
        List<JsonNode> events() throws IOException {
            List<JsonNode> events = new ArrayList<>();
            for (String frame : text().split("\n\n")) {
                String id = null;
                String event = null;
                String data = null;
                for (String line : frame.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
                if (data != null) {
                    JsonNode node = JSON.readTree(data);
                    assertThat(node.get("seq").asText()).isEqualTo(id);
                    assertThat(node.get("topic").asText()).isEqualTo(event);
                    events.add(node);
                }
            }
            return events;
        }

        List<Long> seqs() throws IOException {
            return events().stream().map(e -> e.get("seq").asLong()).toList();
        }
    }

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sse-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", EventStreams.class.getClassLoader(), "db/sync");
        bus = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-a"));
    }

    static Set<TopicPattern> runs() {
        return Set.of(TopicPattern.parse("workflow/*"));
    }

    CompletableFuture<Void> stream(EventStreams streams, Received out, long since, EventStreams.Settings settings) {
        return CompletableFuture.runAsync(() -> {
            try {
                streams.write(out, runs(), since, settings);
            } catch (IOException e) {
                // the client went: the stream ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aStreamSendsWhatTheLogHoldsAfterSinceThenLiveEventsInSequenceOrder() throws Exception {
        long before = bus.publish("workflow/run/r1", 7, JSON.createObjectNode()).seq();
        long first = bus.publish("workflow/run/r1", 5, JSON.createObjectNode()).seq();
        bus.publish("state/doc", 6, JSON.createObjectNode());
        EventStreams.Settings settings = new EventStreams.Settings(10, 60_000, 15_000, 100);
        EventStreams streams = new EventStreams(bus, () -> settings);
        Received out = new Received();
        CompletableFuture<Void> done = stream(streams, out, before, settings);

        await().atMost(Duration.ofSeconds(10)).until(() -> out.seqs().size() == 1);
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            live.add(bus.publish("workflow/run/r" + i, 5, JSON.createObjectNode().put("i", i)).seq());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> out.seqs().size() == 21);
        List<Long> expected = new ArrayList<>(List.of(first));
        expected.addAll(live);
        assertThat(out.seqs()).containsExactlyElementsOf(expected);
        assertThat(out.text()).startsWith("retry: 3000\n\n");

        out.broken = true;
        bus.publish("workflow/run/r1", 5, JSON.createObjectNode());
        done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(streams.openStreams()).isZero();
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void aQuietStreamGetsKeepAlivesAndEndsWhenItsLifeIsOver() throws Exception {
        EventStreams.Settings settings = new EventStreams.Settings(10, 1_000, 50, 100);
        EventStreams streams = new EventStreams(bus, () -> settings);
        Received out = new Received();
        stream(streams, out, 0, settings).get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(out.text()).contains(": keep-alive\n\n");
        assertThat(out.seqs()).isEmpty();
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void eventsDroppedFromAFullBufferAreFilledInFromTheLogWithoutDuplicates() throws Exception {
        // a buffer of one event: a burst overflows it, and the gap notice sends the stream to the log
        EventStreams.Settings settings = new EventStreams.Settings(10, 60_000, 15_000, 1);
        EventStreams streams = new EventStreams(bus, () -> settings);
        Received out = new Received();
        CompletableFuture<Void> done = stream(streams, out, 0, settings);
        await().atMost(Duration.ofSeconds(10)).until(() -> out.text().startsWith("retry"));
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            published.add(bus.publish("workflow/run/r1", i % 10, JSON.createObjectNode().put("i", i)).seq());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> out.seqs().size() >= 300);

        assertThat(out.seqs()).containsExactlyElementsOf(published);
        out.broken = true;
        bus.closeAll();
        done.get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void beyondTheNodesStreamLimitAStreamIsRefusedBeforeItsFirstByte() {
        EventStreams.Settings settings = new EventStreams.Settings(0, 60_000, 15_000, 100);
        EventStreams streams = new EventStreams(bus, () -> settings);
        Received out = new Received();

        assertThatThrownBy(() -> streams.write(out, runs(), 0, settings)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(503));
        assertThat(out.text()).isEmpty();
        assertThat(streams.openStreams()).isZero();
        assertThat(bus.subscriberCount()).isZero();
    }
}
