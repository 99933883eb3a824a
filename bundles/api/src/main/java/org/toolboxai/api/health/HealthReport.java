package org.toolboxai.api.health;

import java.time.Instant;
import java.util.List;

/**
 * The aggregated health of the system at one moment.
 *
 * @param status       overall state: DOWN if a critical contributor is DOWN; else STARTING while
 *                     the node is not ready (see {@link Readiness}); else DEGRADED if any
 *                     contributor is not UP; UP otherwise
 * @param checkedAt    when the check started
 * @param contributors each contributor's result, sorted by name
 */
public record HealthReport(HealthStatus status, Instant checkedAt, List<ContributorHealth> contributors) {

    /** Copies the list. */
    public HealthReport {
        contributors = List.copyOf(contributors);
    }
}
