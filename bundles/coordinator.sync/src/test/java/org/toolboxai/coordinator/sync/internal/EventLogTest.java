package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.store.internal.SchemaMigrator;

/** The event log on a real database: order, topic patterns, retention, and the ordering guarantee under concurrent appends. */
class EventLogTest {

    static final ObjectMapper JSON = new ObjectMapper();

    DataSource dataSource;
    AtomicLong now = new AtomicLong(1_000_000);
    EventLog log;

    DataSource newDataSource() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        return h2;
    }

    @BeforeEach
    void store() throws Exception {
        dataSource = newDataSource();
        SchemaMigrator.migrate(dataSource, "sync", EventLog.class.getClassLoader(), "db/sync");
        log = new EventLog(dataSource, new ManualClock(now), "node-a");
    }

    static JsonNode payload(int n) {
        return JSON.createObjectNode().put("n", n);
    }

    static Set<TopicPattern> patterns(String... patterns) {
        Set<TopicPattern> set = new java.util.LinkedHashSet<>();
        for (String p : patterns) {
            set.add(TopicPattern.parse(p));
        }
        return set;
    }

    @Test
    void appendedEventsAreReadBackInSequenceOrderWithTheirPayload() throws Exception {
        long a = log.append("workflow/run/r1", 7, payload(1)).seq();
        long b = log.append("workflow/run/r1", 5, payload(2)).seq();
        long c = log.append("state/doc", 3, payload(3)).seq();
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);

        List<EventLog.Event> all = log.since(0, Set.of(), 100);
        assertThat(all).extracting(EventLog.Event::seq).containsExactly(a, b, c);
        assertThat(all.get(0).payload().get("n").asInt()).isEqualTo(1);
        assertThat(all.get(0).priority()).isEqualTo(7);
        assertThat(all.get(0).at()).isEqualTo(1_000_000);
        assertThat(log.since(a, Set.of(), 100)).extracting(EventLog.Event::seq).containsExactly(b, c);
        assertThat(log.since(0, Set.of(), 2)).extracting(EventLog.Event::seq).containsExactly(a, b);
        assertThat(log.last()).isEqualTo(c);
    }

    @Test
    void anExactTopicOrAPrefixSelectsTheEvents() throws Exception {
        long r1 = log.append("workflow/run/r1", 7, payload(1)).seq();
        long r2 = log.append("workflow/run/r2", 7, payload(2)).seq();
        long doc = log.append("state/doc", 3, payload(3)).seq();
        long r10 = log.append("workflow/run/r10", 7, payload(4)).seq();

        assertThat(log.since(0, patterns("workflow/run/r1"), 100)).extracting(EventLog.Event::seq).containsExactly(r1);
        assertThat(log.since(0, patterns("workflow/*"), 100)).extracting(EventLog.Event::seq).containsExactly(r1, r2, r10);
        assertThat(log.since(0, patterns("workflow/run/r2", "state/doc"), 100)).extracting(EventLog.Event::seq).containsExactly(r2, doc);
        assertThat(log.since(0, patterns("nothing/*"), 100)).isEmpty();
    }

    @Test
    void likeWildcardsInAPrefixAreTakenLiterally() throws Exception {
        log.append("state/a_b/x", 1, payload(1));
        log.append("state/axb/x", 1, payload(2));
        log.append("state/a%/x", 1, payload(3));
        log.append("state/a!b/x", 1, payload(4));

        assertThat(log.since(0, patterns("state/a_b/*"), 100)).extracting(EventLog.Event::topic).containsExactly("state/a_b/x");
        assertThat(log.since(0, patterns("state/a%/*"), 100)).extracting(EventLog.Event::topic).containsExactly("state/a%/x");
        assertThat(log.since(0, patterns("state/a!b/*"), 100)).extracting(EventLog.Event::topic).containsExactly("state/a!b/x");
    }

    @Test
    void badTopicsPrioritiesAndPatternsAreRefused() {
        assertThatThrownBy(() -> log.append("", 1, payload(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.append("x", 10, payload(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.append("x", -1, payload(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.append("x", 1, JSON.createObjectNode().put("big", "x".repeat(EventLog.MAX_PAYLOAD))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicPattern.parse("workflow/*/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicPattern.parse("workflow*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retentionDeletesTheOldestByAgeAndByCountAndNeverTheNewest() throws Exception {
        long old = log.append("t", 1, payload(1)).seq();
        now.addAndGet(Duration.ofHours(2).toMillis());
        List<Long> recent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recent.add(log.append("t", 1, payload(i)).seq());
        }

        assertThat(log.prune(Duration.ofHours(1), 100)).isEqualTo(1);
        assertThat(log.since(0, Set.of(), 100)).extracting(EventLog.Event::seq).containsExactlyElementsOf(recent).doesNotContain(old);

        assertThat(log.prune(Duration.ofHours(1), 2)).isEqualTo(3);
        assertThat(log.since(0, Set.of(), 100)).extracting(EventLog.Event::seq).containsExactlyElementsOf(recent.subList(3, 5));
        assertThat(log.last()).isEqualTo(recent.get(4));
    }

    /**
     * The guarantee the class documents: a reader following the log with the highest seq it saw
     * gets every event exactly once, in increasing order, while appenders on several connections
     * (as several nodes would) append at once.
     */
    @Test
    void aFollowerMissesNoEventWhileManyAppendAtOnce() throws Exception {
        int appenders = 6;
        int each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            EventLog node = new EventLog(dataSource, Clock.systemUTC(), "node-" + a);
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    node.append("t", 1, payload(i));
                }
                return null;
            }));
        }
        start.countDown();
        List<Long> seen = new ArrayList<>();
        long last = 0;
        while (seen.size() < appenders * each) {
            for (EventLog.Event e : log.since(last, Set.of(), 17)) {
                seen.add(e.seq());
                last = e.seq();
            }
            assertThat(done.stream().allMatch(Future::isDone) && log.since(last, Set.of(), 1).isEmpty()
                    && seen.size() < appenders * each).as("the follower skipped an event").isFalse();
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(seen).doesNotHaveDuplicates().isSorted().hasSize(appenders * each);
        assertThat(seen).containsExactlyElementsOf(log.since(0, Set.of(), 10_000).stream().map(EventLog.Event::seq).toList());
    }
}
