package org.toolboxai.coordinator.content.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Identical requests (after normalisation: defaults applied, keys sorted) by the same caller are
 * answered with the package already made, for a limited time and a bounded number of packages.
 * Per caller, because a caller may only see content it owns.
 */
final class ContentCache {

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Cache<String, String> runs;
    private final boolean enabled;

    ContentCache(int size, int minutes) {
        this.enabled = size > 0;
        this.runs = Caffeine.newBuilder().executor(Runnable::run).maximumSize(Math.max(1, size)).expireAfterWrite(Duration.ofMinutes(minutes)).build();
    }

    /** The run that made this request's package, if it is remembered. */
    Optional<String> find(String owner, Map<String, Object> parameters) {
        return enabled ? Optional.ofNullable(runs.getIfPresent(key(owner, parameters))) : Optional.empty();
    }

    void remember(String owner, Map<String, Object> parameters, String runId) {
        if (enabled) {
            runs.put(key(owner, parameters), runId);
        }
    }

    static String key(String owner, Map<String, Object> parameters) {
        try {
            return owner + "\n" + CANONICAL.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters are not JSON", e);
        }
    }
}
