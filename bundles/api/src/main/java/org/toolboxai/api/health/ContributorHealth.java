package org.toolboxai.api.health;

import java.util.Map;

/**
 * One contributor's result inside a {@link HealthReport}.
 *
 * @param name           the contributor's name
 * @param status         its state
 * @param critical       whether its DOWN makes the system DOWN
 * @param message        its reason, or {@code null}
 * @param details        its details
 * @param responseMillis how long its check took (the time-out when it timed out)
 */
public record ContributorHealth(String name, HealthStatus status, boolean critical, String message,
        Map<String, Object> details, long responseMillis) {
}
