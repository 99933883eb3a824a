package org.toolboxai.api.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether this node should be sent traffic: ready once the boot is over and no critical or
 * required contributor is still starting or down. What keeps it from being ready is listed.
 *
 * @param status     the overall status of the same check ({@link HealthReport#status()})
 * @param checkedAt  when the check started
 * @param waitingFor what is still starting (or down); empty when ready
 * @since 1.1
 */
public record Readiness(HealthStatus status, Instant checkedAt, List<Pending> waitingFor) {

    /**
     * Manifest header of a bundle naming the contributors (comma-separated) that readiness waits
     * for while that bundle is active, even before they are registered, e.g.
     * {@code Toolbox-Ready-Requires: lms.canvas}. Critical contributors need no header once
     * registered: readiness always waits for those.
     */
    public static final String REQUIRES_HEADER = "Toolbox-Ready-Requires";

    /**
     * One thing readiness waits for.
     *
     * @param name    a contributor's name, or {@code boot} for the boot features
     * @param status  {@link HealthStatus#STARTING} or {@link HealthStatus#DOWN}
     * @param message why, or {@code null}
     */
    public record Pending(String name, HealthStatus status, String message) {
    }

    /** Validates and copies. */
    public Readiness {
        Objects.requireNonNull(status, "status");
        waitingFor = List.copyOf(waitingFor);
    }

    /** Whether nothing is pending. */
    public boolean ready() {
        return waitingFor.isEmpty();
    }
}
