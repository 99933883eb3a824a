package org.toolboxai.coordinator.resource.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;

/**
 * The limits of one external service, from configuration: {@code service.<name>.per.minute}
 * (requests a minute, refilled continuously), {@code service.<name>.burst} (how many of them may
 * go at once; the per-minute bucket's capacity, by default the per-minute number),
 * {@code service.<name>.per.day} (requests a day, refilled continuously) and
 * {@code service.<name>.concurrent} (calls in flight at once <em>on each node</em>). A limit
 * that is not set is {@code 0}: none.
 *
 * @param service    the service, e.g. {@code openai}
 * @param perMinute  requests a minute, shared by every node, or 0
 * @param burst      the per-minute bucket's capacity, or 0 without a per-minute limit
 * @param perDay     requests a day, shared by every node, or 0
 * @param concurrent calls in flight at once on one node, or 0
 */
record ServiceLimits(String service, long perMinute, long burst, long perDay, int concurrent) {

    /** The per-minute bandwidth's id in the bucket (Bucket4j keeps ids across a configuration change). */
    static final String MINUTE = "minute";
    /** The per-day bandwidth's id in the bucket. */
    static final String DAY = "day";

    private static final String PREFIX = "service.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final List<String> KINDS = List.of(".per.minute", ".per.day", ".burst", ".concurrent");

    /** Whether the service has a limit shared through the database (a bucket). */
    boolean shared() {
        return perMinute > 0 || perDay > 0;
    }

    /** The Bucket4j configuration of the shared limits; only for {@link #shared()} limits. */
    BucketConfiguration bucketConfiguration() {
        ConfigurationBuilder builder = BucketConfiguration.builder();
        if (perMinute > 0) {
            builder.addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).id(MINUTE).build());
        }
        if (perDay > 0) {
            builder.addLimit(Bandwidth.builder().capacity(perDay).refillGreedy(perDay, Duration.ofDays(1)).id(DAY).build());
        }
        return builder.build();
    }

    /**
     * The limits of every service of a configuration, by name in name order; every key that is
     * not a valid limit is listed in {@code problems} (key and why) and left out. Keys that do
     * not start with {@code service.} are someone else's.
     */
    /** Keys Configuration Admin and Declarative Services add to every configuration. */
    private static final java.util.Set<String> FRAMEWORK_KEYS = java.util.Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", "service.ranking", "service.id", "service.vendor", "service.description");

    static Map<String, ServiceLimits> of(Map<String, ?> config, List<String> problems) {
        Map<String, long[]> parts = new TreeMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX) || FRAMEWORK_KEYS.contains(key)) {
                continue;
            }
            String kind = KINDS.stream().filter(key::endsWith).findFirst().orElse(null);
            String name = kind == null ? null : key.substring(PREFIX.length(), Math.max(PREFIX.length(), key.length() - kind.length()));
            if (kind == null || !NAME.matcher(name).matches()) {
                problems.add(key + ": not service.<name>.per.minute, .per.day, .burst or .concurrent");
                continue;
            }
            long value;
            try {
                value = Long.parseLong(String.valueOf(e.getValue()).trim());
            } catch (NumberFormatException ex) {
                problems.add(key + ": '" + e.getValue() + "' is not a whole number");
                continue;
            }
            if (value <= 0 || (kind.equals(".concurrent") && value > 100_000)) {
                problems.add(key + ": must be at least 1" + (kind.equals(".concurrent") ? " and at most 100000" : ""));
                continue;
            }
            parts.computeIfAbsent(name, n -> new long[4])[KINDS.indexOf(kind)] = value;
        }
        Map<String, ServiceLimits> limits = new LinkedHashMap<>();
        parts.forEach((name, p) -> {
            long perMinute = p[0];
            long burst = p[2];
            if (burst > 0 && perMinute == 0) {
                problems.add(PREFIX + name + ".burst: needs " + PREFIX + name + ".per.minute; left out");
                burst = 0;
            } else if (burst == 0) {
                burst = perMinute;
            }
            limits.put(name, new ServiceLimits(name, perMinute, burst, p[1], (int) p[3]));
        });
        return limits;
    }
}
