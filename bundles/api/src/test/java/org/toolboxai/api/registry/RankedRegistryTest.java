package org.toolboxai.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RankedRegistryTest {

    /** Services are told apart by identity, as OSGi service objects are. */
    private record Svc(int n) {
    }

    private static Map<String, Object> props(long id, Integer ranking) {
        return ranking == null ? Map.of(RankedRegistry.SERVICE_ID, id)
                : Map.of(RankedRegistry.SERVICE_ID, id, RankedRegistry.SERVICE_RANKING, ranking);
    }

    @Test
    void theOldestServesAndTheNextTakesOverWhenItLeaves() {
        RankedRegistry<String, String> registry = new RankedRegistry<>();
        registry.add("quiz", "first", props(10, null));
        RankedRegistry.Change<String, String> second = registry.add("quiz", "second", props(11, null));

        assertThat(second.servingChanged()).isFalse();
        assertThat(registry.get("quiz")).contains("first");

        RankedRegistry.Change<String, String> left = registry.remove("quiz", "first");
        assertThat(left.previous()).isEqualTo("first");
        assertThat(left.current()).isEqualTo("second");
        assertThat(registry.get("quiz")).contains("second");

        registry.remove("quiz", "second");
        assertThat(registry.get("quiz")).isEmpty();
        assertThat(registry.serving()).isEmpty();
    }

    @Test
    void rankingBeatsAge() {
        RankedRegistry<String, String> registry = new RankedRegistry<>();
        registry.add("openai", "old", props(5, 0));
        RankedRegistry.Change<String, String> change = registry.add("openai", "preferred", props(50, 10));

        assertThat(change.servingChanged()).isTrue();
        assertThat(registry.get("openai")).contains("preferred");
        assertThat(registry.candidates("openai")).containsExactly("preferred", "old");
        registry.add("openai", "negative", props(1, -5));
        assertThat(registry.candidates("openai")).containsExactly("preferred", "old", "negative");
    }

    @Test
    void aNonIntegerRankingCountsAsZeroAndNoIdMeansArrivalOrder() {
        RankedRegistry<String, String> registry = new RankedRegistry<>();
        registry.add("k", "a", Map.of(RankedRegistry.SERVICE_RANKING, "100"));
        registry.add("k", "b", null);
        assertThat(registry.candidates("k")).containsExactly("a", "b");
    }

    @Test
    void removingAServiceNeverAddedChangesNothing() {
        RankedRegistry<String, String> registry = new RankedRegistry<>();
        registry.add("k", "a", props(1, null));
        RankedRegistry.Change<String, String> change = registry.remove("k", "stranger");
        assertThat(change.servingChanged()).isFalse();
        assertThat(registry.remove("other", "a").current()).isNull();
        assertThat(registry.get("k")).contains("a");
    }

    @Test
    void removeEverywhereTakesAServiceOutOfEveryKey() {
        RankedRegistry<String, String> registry = new RankedRegistry<>();
        registry.add("GET /a", "endpoint1", props(1, null));
        registry.add("GET /b", "endpoint1", props(1, null));
        registry.add("GET /b", "endpoint2", props(2, null));

        List<RankedRegistry.Change<String, String>> changes = registry.removeEverywhere("endpoint1");

        assertThat(changes).hasSize(2);
        assertThat(registry.serving()).isEqualTo(Map.of("GET /b", "endpoint2"));
    }

    @Test
    void concurrentAddsAndRemovesLeaveExactlyTheSurvivors() throws Exception {
        RankedRegistry<String, Svc> registry = new RankedRegistry<>();
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    Svc service = new Svc(thread * perThread + i);
                    String key = "type-" + (i % 7);
                    registry.add(key, service, props(service.n(), null));
                    // readers see a consistent snapshot while others write
                    registry.serving().forEach((k, v) -> assertThat(v).isNotNull());
                    if (i % 2 == 0) {
                        registry.remove(key, service);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int total = 0;
        for (int k = 0; k < 7; k++) {
            List<Svc> left = registry.candidates("type-" + k);
            total += left.size();
            assertThat(left).allMatch(s -> (s.n() % perThread) % 2 == 1);
            // oldest (lowest id) serves
            assertThat(registry.get("type-" + k).orElseThrow().n())
                    .isEqualTo(left.stream().mapToInt(Svc::n).min().orElseThrow());
        }
        assertThat(total).isEqualTo(threads * perThread / 2);
    }
}
