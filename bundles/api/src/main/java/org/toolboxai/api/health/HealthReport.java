package org.toolboxai.api.health;

import java.time.Instant;
import java.util.List;

/**
 * The aggregated health of the system at one moment.
 *
 * @param status       overall state: DOWN if a critical contributor is DOWN, DEGRADED if any
 *                     other is not UP, UP otherwise
 * @param checkedAt    when the check started
 * @param contributors each contributor's result, sorted by name
 */
public record HealthReport(HealthStatus status, Instant checkedAt, List<ContributorHealth> contributors) {

    /** Copies the list. */
    public HealthReport {
        contributors = List.copyOf(contributors);
    }
}
