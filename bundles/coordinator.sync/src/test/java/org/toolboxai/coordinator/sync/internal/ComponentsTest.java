package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.store.internal.SchemaMigrator;

/** The registry on a real H2 store: heartbeats keep a component up, a missed one marks it down exactly once, a heartbeat revives it. */
class ComponentsTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new ManualClock(now);
    JdbcDataSource h2;
    Components components;

    @BeforeEach
    void store() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:components-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        SchemaMigrator.migrate(h2, "sync", Components.class.getClassLoader(), "db/sync");
        components = new Components(h2, clock);
    }

    @Test
    void aComponentStaysUpWhileItBeatsAndGoesDownOnceWhenItStops() throws Exception {
        components.register("plugin-1", "plugin", "Studio plugin", "1.2", "tom", 30, "{\"place\":\"lab\"}");
        now.addAndGet(25_000);
        assertThat(components.sweep()).isEmpty();
        assertThat(components.heartbeat("plugin-1")).contains("up");
        now.addAndGet(29_000);
        assertThat(components.sweep()).as("within the time-to-live of the last heartbeat").isEmpty();
        now.addAndGet(2_000);
        List<Components.Registered> down = components.sweep();
        assertThat(down).extracting(Components.Registered::id).containsExactly("plugin-1");
        assertThat(down.get(0).state()).isEqualTo("down");
        assertThat(components.sweep()).as("marked once").isEmpty();
        assertThat(components.find("plugin-1").orElseThrow().state()).isEqualTo("down");

        assertThat(components.heartbeat("plugin-1")).as("the state before the heartbeat").contains("down");
        assertThat(components.find("plugin-1").orElseThrow().up()).isTrue();
        assertThat(components.heartbeat("nobody")).isEmpty();
        assertThat(components.remove("plugin-1")).isTrue();
        assertThat(components.remove("plugin-1")).isFalse();
        assertThat(components.all()).isEmpty();
    }

    @Test
    void ofManyNodesSweepingAtOnceExactlyOneMarksEachLateComponent() throws Exception {
        for (int i = 0; i < 20; i++) {
            components.register("worker-" + i, "worker", "worker " + i, null, "ops", 10, "{}");
        }
        now.addAndGet(11_000);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        List<Callable<List<Components.Registered>>> sweeps = new ArrayList<>();
        for (int n = 0; n < 4; n++) {
            Components node = new Components(h2, clock);
            sweeps.add(node::sweep);
        }
        List<String> marked = new ArrayList<>();
        for (Future<List<Components.Registered>> f : nodes.invokeAll(sweeps)) {
            f.get().forEach(r -> marked.add(r.id()));
        }
        nodes.shutdown();
        assertThat(marked).hasSize(20).doesNotHaveDuplicates();
        assertThat(components.all()).allMatch(c -> c.state().equals("down"));
    }

    @Test
    void aComponentDownLongEnoughLeavesTheRegistryAndOwnersAreCounted() throws Exception {
        components.register("plugin-a", "plugin", "a", null, "tom", 10, "{}");
        components.register("plugin-b", "plugin", "b", null, "tom", 600, "{}");
        components.register("node-x", "node", "x", null, "x", 30, "{}");
        assertThat(components.countOwnedBy("tom")).isEqualTo(2);
        assertThat(components.countOwnedBy("x")).as("nodes do not count").isZero();
        now.addAndGet(31_000);
        assertThat(components.sweep()).extracting(Components.Registered::id).containsExactlyInAnyOrder("plugin-a", "node-x");
        now.addAndGet(3_500_000);
        assertThat(components.purge(10)).as("at least an hour down").isEmpty();
        now.addAndGet(200_000);
        assertThat(components.purge(10)).extracting(Components.Registered::id).containsExactlyInAnyOrder("plugin-a", "node-x");
        assertThat(components.sweep()).extracting(Components.Registered::id).containsExactly("plugin-b");
        assertThat(components.purge(10)).as("ten times 600 s not yet over").isEmpty();
        assertThat(components.all()).extracting(Components.Registered::id).containsExactly("plugin-b");
    }
}
