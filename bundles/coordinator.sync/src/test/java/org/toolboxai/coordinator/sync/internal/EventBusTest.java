package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.store.internal.SchemaMigrator;

/** The bus on a real H2 log: delivery by topic, drops by priority with a gap notice, and publishers that never wait for subscribers. */
class EventBusTest {

    static final ObjectMapper JSON = new ObjectMapper();

    EventLog log;
    EventBus bus;

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bus-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        DataSource dataSource = h2;
        SchemaMigrator.migrate(dataSource, "sync", EventBus.class.getClassLoader(), "db/sync");
        log = new EventLog(dataSource, Clock.systemUTC(), "node-a");
        bus = new EventBus(log);
    }

    static JsonNode payload(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    static Set<TopicPattern> patterns(String... patterns) {
        Set<TopicPattern> set = new java.util.LinkedHashSet<>();
        for (String p : patterns) {
            set.add(TopicPattern.parse(p));
        }
        return set;
    }

    static List<String> names(List<Subscription.Delivery> deliveries) {
        List<String> names = new ArrayList<>();
        for (Subscription.Delivery d : deliveries) {
            if (d instanceof Subscription.Delivered delivered) {
                names.add(delivered.event().payload().get("name").asText());
            } else {
                names.add("gap");
            }
        }
        return names;
    }

    @Test
    void aSubscriberGetsTheEventsOfItsTopicsInSequenceOrder() throws Exception {
        Subscription run = bus.subscribe(patterns("workflow/run/r1"), 10, null);
        Subscription all = bus.subscribe(patterns("workflow/*"), 10, null);
        bus.publish("workflow/run/r1", 7, payload("a"));
        bus.publish("workflow/run/r2", 7, payload("b"));
        bus.publish("state/doc", 3, payload("c"));
        bus.publish("workflow/run/r1", 5, payload("d"));

        assertThat(names(run.drain(100))).containsExactly("a", "d");
        assertThat(names(all.drain(100))).containsExactly("a", "b", "d");
        assertThat(log.since(0, Set.of(), 100)).hasSize(4);
    }

    @Test
    void aFullBufferDropsTheLowestPriorityFirstAndSaysWhichSequenceNumbersToFetch() throws Exception {
        Subscription s = bus.subscribe(patterns("t/*"), 3, null);
        long a = bus.publish("t/x", 1, payload("a")).seq();
        bus.publish("t/x", 5, payload("b"));
        bus.publish("t/x", 9, payload("c"));
        bus.publish("t/x", 5, payload("d")); // full: a (priority 1) goes
        long e = bus.publish("t/x", 0, payload("e")).seq(); // the least wanted itself: dropped at once
        bus.publish("t/x", 5, payload("f")); // b, the oldest of the lowest (5), goes

        assertThat(s.dropped()).isEqualTo(3);
        List<Subscription.Delivery> taken = s.drain(100);
        assertThat(names(taken)).containsExactly("gap", "c", "d", "f");
        Subscription.Gap gap = (Subscription.Gap) taken.get(0);
        assertThat(gap.dropped()).isEqualTo(3);
        assertThat(gap.from()).isEqualTo(a);
        assertThat(gap.to()).isEqualTo(e);

        // what the notice says to fetch holds every dropped event
        List<String> fetched = log.since(gap.from() - 1, s.patterns(), 100).stream().filter(ev -> ev.seq() <= gap.to())
                .map(ev -> ev.payload().get("name").asText()).toList();
        assertThat(fetched).contains("a", "b", "e");
        // the notice is given once
        bus.publish("t/x", 5, payload("g"));
        assertThat(names(s.drain(100))).containsExactly("g");
        assertThat(s.dropped()).isEqualTo(3);
    }

    @Test
    void aSubscriberThatNeverDrainsNeverHoldsUpAPublisher() throws Exception {
        Subscription stuck = bus.subscribe(patterns("t/*"), 100, null);
        Subscription reader = bus.subscribe(patterns("t/*"), EventBus.DEFAULT_BUFFER, null);
        int published = 0;
        for (int i = 0; i < 2_000; i++) {
            bus.publish("t/x", i % 10, payload("e" + i));
            published++;
        }

        assertThat(published).isEqualTo(2_000);
        assertThat(stuck.buffered()).isEqualTo(100);
        assertThat(stuck.dropped()).isEqualTo(1_900);
        // what is kept is the most wanted: priority 9 only (200 were published, the newest 100 kept)
        List<Subscription.Delivery> kept = stuck.drain(1_000);
        assertThat(kept.get(0)).isInstanceOf(Subscription.Gap.class);
        assertThat(kept.subList(1, kept.size())).allSatisfy(d -> assertThat(((Subscription.Delivered) d).event().priority()).isEqualTo(9));
        assertThat(reader.drain(10_000)).hasSize(2_000);
    }

    @Test
    void aSubscriptionBufferTakesAMillionOffersWithoutAConsumer() {
        Subscription s = new Subscription(Set.of(), EventBus.DEFAULT_BUFFER, null, x -> {
        });
        int offered = 0;
        for (long seq = 1; seq <= 1_000_000; seq++) {
            s.offer(new EventLog.Event(seq, "t", (int) (seq % 10), 0, JSON.nullNode()));
            offered++;
        }
        assertThat(offered).isEqualTo(1_000_000);
        assertThat(s.buffered()).isEqualTo(EventBus.DEFAULT_BUFFER);
        assertThat(s.dropped()).isEqualTo(1_000_000 - EventBus.DEFAULT_BUFFER);
    }

    @Test
    void aWakeUpIsToldOfEachEventAndOneThatFailsStopsNoOtherSubscriber() throws Exception {
        CompletableFuture<Long> woken = new CompletableFuture<>();
        bus.subscribe(patterns("t/*"), 10, s -> {
            throw new IllegalStateException("broken subscriber");
        });
        bus.subscribe(patterns("t/*"), 10, s -> woken.complete(((Subscription.Delivered) s.drain(1).get(0)).event().seq()));
        long seq = bus.publish("t/x", 5, payload("a")).seq();

        assertThat(woken).isCompletedWithValue(seq);
    }

    @Test
    void aClosedSubscriptionGetsNothingAndReleasesAWaitingPoll() throws Exception {
        Subscription s = bus.subscribe(patterns("t/*"), 10, null);
        AtomicInteger polled = new AtomicInteger(-1);
        Thread waiter = new Thread(() -> {
            try {
                polled.set(s.poll(60, TimeUnit.SECONDS, 10).size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        s.close();
        waiter.join(10_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(polled.get()).isZero();
        assertThat(bus.subscriberCount()).isZero();
        bus.publish("t/x", 5, payload("a"));
        assertThat(s.buffered()).isZero();
    }
}
