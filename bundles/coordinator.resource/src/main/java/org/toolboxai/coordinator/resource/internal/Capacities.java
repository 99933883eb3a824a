package org.toolboxai.coordinator.resource.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What can be allocated, from configuration: {@code capacity.<resource>} (e.g.
 * {@code capacity.slots = 16}, {@code capacity.memory.mb = 8192}; the total over every node),
 * {@code lease.ttl.seconds} (how long a lease lives unless closed, default 300) and
 * {@code allocation.queue} (how many requests may wait on this node, default 100).
 *
 * @param capacity by resource name, in name order
 * @param leaseTtl how long a lease lives unless closed
 * @param queue    requests that may wait for capacity at once on this node
 */
record Capacities(Map<String, Long> capacity, Duration leaseTtl, int queue) {

    static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    static final int DEFAULT_QUEUE = 100;

    private static final String PREFIX = "capacity.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /** Nothing to allocate. */
    static final Capacities NONE = new Capacities(Map.of(), DEFAULT_TTL, DEFAULT_QUEUE);

    /**
     * The capacities of a configuration; every key of this kind that is not valid is listed in
     * {@code problems} (key and why) and left out (a bad TTL or queue keeps its default).
     */
    static Capacities of(Map<String, ?> config, List<String> problems) {
        Map<String, Long> capacity = new TreeMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String resource = key.substring(PREFIX.length());
            if (!NAME.matcher(resource).matches()) {
                problems.add(key + ": not capacity.<resource>");
                continue;
            }
            long value = positive(key, e.getValue(), problems);
            if (value > 0) {
                capacity.put(resource, value);
            }
        }
        long ttl = config.containsKey("lease.ttl.seconds") ? positive("lease.ttl.seconds", config.get("lease.ttl.seconds"), problems) : 0;
        int queue = DEFAULT_QUEUE;
        if (config.containsKey("allocation.queue")) {
            Object raw = config.get("allocation.queue");
            try {
                queue = Integer.parseInt(String.valueOf(raw).trim());
                if (queue < 0) {
                    problems.add("allocation.queue: may not be negative; " + DEFAULT_QUEUE + " is used");
                    queue = DEFAULT_QUEUE;
                }
            } catch (NumberFormatException ex) {
                problems.add("allocation.queue: '" + raw + "' is not a whole number; " + DEFAULT_QUEUE + " is used");
            }
        }
        return new Capacities(Collections.unmodifiableMap(capacity), ttl > 0 ? Duration.ofSeconds(ttl) : DEFAULT_TTL, queue);
    }

    /** A whole number of at least 1, or 0 after listing the problem. */
    private static long positive(String key, Object raw, List<String> problems) {
        try {
            long value = Long.parseLong(String.valueOf(raw).trim());
            if (value >= 1) {
                return value;
            }
            problems.add(key + ": must be at least 1");
        } catch (NumberFormatException ex) {
            problems.add(key + ": '" + raw + "' is not a whole number");
        }
        return 0;
    }
}
