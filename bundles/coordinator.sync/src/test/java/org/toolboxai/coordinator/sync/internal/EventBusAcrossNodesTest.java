package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.store.internal.SchemaMigrator;

/**
 * Two buses on one log, as two nodes on one database: a subscriber on one node receives what the
 * other published once its bus tails the log, every event exactly once and in sequence order,
 * however the nodes' publishes interleave.
 */
class EventBusAcrossNodesTest {

    EventBus nodeA;
    EventBus nodeB;

    @BeforeEach
    void store() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", EventBus.class.getClassLoader(), "db/sync");
        nodeA = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-a"));
        nodeB = new EventBus(new EventLog(h2, Clock.systemUTC(), "node-b"));
        nodeA.start();
        nodeB.start();
    }

    @Test
    void anEventPublishedOnOneNodeReachesTheOtherNodesSubscriberAtItsNextTail() throws Exception {
        nodeA.log().append("workflow/run/before", 5, EventBusTest.payload("history"));
        Subscription onB = nodeB.subscribe(EventBusTest.patterns("workflow/run/r1"), 100, null);
        nodeA.publish("workflow/run/r1", 5, EventBusTest.payload("one"));
        assertThat(onB.drain(10)).as("nothing before the tail").isEmpty();

        assertThat(nodeB.tail()).isEqualTo(2);
        assertThat(EventBusTest.names(onB.drain(10))).containsExactly("one");
        assertThat(nodeB.tail()).as("a second tail hands out nothing again").isZero();
        assertThat(onB.drain(10)).isEmpty();
    }

    @Test
    void interleavedPublishersOnBothNodesReachEverySubscriberOnceAndInOrder() throws Exception {
        Subscription onA = nodeA.subscribe(EventBusTest.patterns("workflow/*"), 100_000, null);
        Subscription onB = nodeB.subscribe(EventBusTest.patterns("workflow/*"), 100_000, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        int perThread = 250;
        for (int t = 0; t < 4; t++) {
            EventBus bus = t % 2 == 0 ? nodeA : nodeB;
            int thread = t;
            pool.execute(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        bus.publish("workflow/run/t" + thread, 5, EventBusTest.payload(thread + "-" + i));
                        if (i % 50 == 0) {
                            bus.tail();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        nodeA.tail();
        nodeB.tail();

        for (Subscription s : List.of(onA, onB)) {
            List<Long> seqs = new ArrayList<>();
            for (Subscription.Delivery d : s.drain(10_000)) {
                seqs.add(((Subscription.Delivered) d).event().seq());
            }
            assertThat(seqs).hasSize(4 * perThread).isSorted().doesNotHaveDuplicates();
            // and nothing is missing: the log's numbers are consecutive
            assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(4 * perThread - 1);
        }
    }

    @Test
    void aFollowStartsWhereTheBusHasHandedOutAndARepatternSaysWhere() throws Exception {
        nodeA.publish("state/a", 5, EventBusTest.payload("a1"));
        EventBus.Follow follow = nodeA.follow(EventBusTest.patterns("state/a"), 100, null);
        assertThat(follow.from()).isEqualTo(nodeA.log().last());
        nodeA.publish("state/b", 5, EventBusTest.payload("b1"));
        assertThat(follow.subscription().drain(10)).as("not followed yet").isEmpty();
        long at = nodeA.repattern(follow.subscription(), EventBusTest.patterns("state/a", "state/b"));
        assertThat(at).isEqualTo(nodeA.log().last());
        nodeA.publish("state/b", 5, EventBusTest.payload("b2"));
        assertThat(EventBusTest.names(follow.subscription().drain(10))).containsExactly("b2");
    }
}
