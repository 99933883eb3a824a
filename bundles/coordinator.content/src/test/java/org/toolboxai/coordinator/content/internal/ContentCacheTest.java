package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContentCacheTest {

    @Test
    void identicalRequestsMatchWhateverTheKeyOrderButOnlyForTheSameCaller() {
        ContentCache cache = new ContentCache(10, 60);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("subject", "Mathematics");
        a.put("quiz", Map.of("question_count", 8, "difficulty", "medium"));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("quiz", Map.of("difficulty", "medium", "question_count", 8));
        b.put("subject", "Mathematics");
        cache.remember("tom", a, "run-1");
        assertThat(cache.find("tom", b)).contains("run-1");
        assertThat(cache.find("ann", b)).isEmpty();
        assertThat(cache.find("tom", Map.of("subject", "Science", "quiz", List.of()))).isEmpty();
    }

    @Test
    void theCacheIsBoundedAndCanBeSwitchedOff() {
        ContentCache off = new ContentCache(0, 60);
        off.remember("tom", Map.of("n", 1), "run-1");
        assertThat(off.find("tom", Map.of("n", 1))).isEmpty();

        ContentCache small = new ContentCache(2, 60);
        for (int i = 0; i < 50; i++) {
            small.remember("tom", Map.of("n", i), "run-" + i);
        }
        long remembered = java.util.stream.IntStream.range(0, 50).filter(i -> small.find("tom", Map.of("n", i)).isPresent()).count();
        // bounded, yet it remembers: a cache that keeps nothing would pass "at most 2" too
        assertThat(remembered).isBetween(1L, 2L);
    }
}
