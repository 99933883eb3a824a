package org.toolboxai.coordinator.workflow.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mean step durations per template step, learnt from completed steps: they give ETAs and decide
 * which ready step starts first (the one on the longest remaining path). Recent runs weigh more
 * once a step has many samples.
 */
final class DurationStats {

    static final double DEFAULT_MILLIS = 1000;
    private static final long MAX_WEIGHT = 200;

    private final Map<String, double[]> stats = new ConcurrentHashMap<>();
    private final Map<String, double[]> dirty = new HashMap<>();

    void load(Map<String, double[]> stored) {
        stats.putAll(stored);
    }

    double estimate(String key) {
        double[] s = stats.get(key);
        return s == null ? DEFAULT_MILLIS : s[1];
    }

    synchronized void record(String key, double millis) {
        double[] s = stats.compute(key, (k, old) -> {
            if (old == null) {
                return new double[] {1, millis};
            }
            double n = Math.min(old[0] + 1, MAX_WEIGHT);
            return new double[] {old[0] + 1, old[1] + (millis - old[1]) / n};
        });
        dirty.put(key, s.clone());
    }

    /** The entries changed since the last call. */
    synchronized Map<String, double[]> drainChanged() {
        Map<String, double[]> changed = new HashMap<>(dirty);
        dirty.clear();
        return changed;
    }
}
