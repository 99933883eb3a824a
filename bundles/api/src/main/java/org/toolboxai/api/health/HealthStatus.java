package org.toolboxai.api.health;

/** State of one contributor or of the whole system, from best to worst. */
public enum HealthStatus {
    /** Working as intended. */
    UP,
    /** Working, but with reduced capacity or a non-essential part failing. */
    DEGRADED,
    /**
     * Not serving yet, and expected to: the boot is still under way, or a part is still coming up
     * (waiting for its database, say). Not ready for traffic, but no reason to restart anything.
     *
     * @since 1.1
     */
    STARTING,
    /** Not working. */
    DOWN;

    /** The worse of this and {@code other}. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
