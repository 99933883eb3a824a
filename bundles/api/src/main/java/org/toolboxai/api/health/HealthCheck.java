package org.toolboxai.api.health;

import java.util.Map;
import java.util.Objects;

/**
 * What one contributor reports about itself.
 *
 * @param status  its state
 * @param message a short sentence an administrator can act on, or {@code null}
 * @param details small JSON-friendly facts (numbers, strings), never secrets
 */
public record HealthCheck(HealthStatus status, String message, Map<String, Object> details) {

    /** Validates and copies. */
    public HealthCheck {
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** An UP result with details. */
    public static HealthCheck up(Map<String, Object> details) {
        return new HealthCheck(HealthStatus.UP, null, details);
    }

    /** A DEGRADED result with a reason. */
    public static HealthCheck degraded(String message, Map<String, Object> details) {
        return new HealthCheck(HealthStatus.DEGRADED, message, details);
    }

    /** A DOWN result with a reason. */
    public static HealthCheck down(String message) {
        return new HealthCheck(HealthStatus.DOWN, message, Map.of());
    }
}
