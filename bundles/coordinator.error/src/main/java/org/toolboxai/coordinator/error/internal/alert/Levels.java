package org.toolboxai.coordinator.error.internal.alert;

import java.util.Locale;

import org.slf4j.Logger;
import org.toolboxai.api.error.AlertLevel;

/** Alert levels as configurations and JSON write them: {@code warning}, {@code error}, {@code critical}. */
final class Levels {

    private Levels() {
    }

    /** The level a configuration names (any case), or the default, with a warning, when it names none. */
    static AlertLevel parse(String value, AlertLevel fallback, String pid, Logger log) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return AlertLevel.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            log.warn("etc/{}.cfg: minimum.level = '{}' is none of warning, error, critical: using {}", pid, value,
                    wire(fallback));
            return fallback;
        }
    }

    /** How JSON and configurations write a level. */
    static String wire(AlertLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** A configured secret, or {@code null}: blank, or a placeholder whose environment variable is not set. */
    static String secret(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        String s = configured.trim();
        return s.startsWith("${") && s.endsWith("}") ? null : s;
    }
}
