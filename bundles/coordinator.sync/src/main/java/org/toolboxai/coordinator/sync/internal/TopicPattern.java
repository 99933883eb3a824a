package org.toolboxai.coordinator.sync.internal;

import java.util.Collection;

/**
 * What a subscriber follows: an exact topic ({@code workflow/run/r-1}) or every topic under a
 * prefix, written with a trailing {@code /*} ({@code workflow/*}).
 *
 * @param text   the exact topic, or the prefix including its last {@code /}
 * @param prefix whether {@code text} is a prefix
 */
record TopicPattern(String text, boolean prefix) {

    /** Parses {@code workflow/run/r-1} or {@code workflow/*}. */
    static TopicPattern parse(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > EventLog.MAX_TOPIC) {
            throw new IllegalArgumentException("a topic pattern has 1-" + EventLog.MAX_TOPIC + " characters");
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            if (prefix.contains("*")) {
                throw new IllegalArgumentException("only a trailing /* is a wildcard: " + pattern);
            }
            return new TopicPattern(prefix, true);
        }
        if (pattern.contains("*")) {
            throw new IllegalArgumentException("only a trailing /* is a wildcard: " + pattern);
        }
        return new TopicPattern(pattern, false);
    }

    /** Whether {@code topic} is followed by this pattern. */
    boolean matches(String topic) {
        return prefix ? topic.startsWith(text) : topic.equals(text);
    }

    /** Whether one of {@code patterns} matches; none match every topic. */
    static boolean any(Collection<TopicPattern> patterns, String topic) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (TopicPattern p : patterns) {
            if (p.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return prefix ? text + "*" : text;
    }
}
