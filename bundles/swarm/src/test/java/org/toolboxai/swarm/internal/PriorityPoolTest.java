package org.toolboxai.swarm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class PriorityPoolTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-02T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theMostUrgentGoesFirstAndAnOldTaskIsNotStarved() throws Exception {
        MovingClock clock = new MovingClock();
        PriorityPool pool = new PriorityPool(1, 100, clock);
        try {
            CountDownLatch busy = new CountDownLatch(1);
            pool.submit(3, () -> busy.await(10, TimeUnit.SECONDS));
            List<String> order = new CopyOnWriteArrayList<>();
            // waiting since 08:00 at priority 2; then, 20 hours later, priorities 1, 5 and 3 arrive
            CompletableFuture<?> old = pool.submit(2, () -> order.add("old 2"));
            clock.now = clock.now.plus(Duration.ofHours(20));
            CompletableFuture<?> low = pool.submit(1, () -> order.add("new 1"));
            CompletableFuture<?> urgent = pool.submit(5, () -> order.add("new 5"));
            CompletableFuture<?> mid = pool.submit(3, () -> order.add("new 3"));
            busy.countDown();
            CompletableFuture.allOf(old, low, urgent, mid).get(10, TimeUnit.SECONDS);
            // 2 + 0.1 x 20 h = 4 outranks a new 3, not a new 5
            assertThat(order).containsExactly("new 5", "old 2", "new 3", "new 1");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFullQueueRefusesAndAStoppedPoolFailsWhatWaited() throws Exception {
        PriorityPool pool = new PriorityPool(1, 2, Clock.systemUTC());
        CountDownLatch busy = new CountDownLatch(1);
        pool.submit(3, () -> busy.await(10, TimeUnit.SECONDS));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pool.active() == 1);
        CompletableFuture<String> waiting = pool.submit(3, () -> "never");
        pool.submit(3, () -> "never either");
        assertThatThrownBy(() -> pool.submit(3, () -> "refused")).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("queue is full");
        assertThat(pool.refused()).isEqualTo(1);
        pool.shutdown();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("the swarm stopped");
        busy.countDown();
    }
}
