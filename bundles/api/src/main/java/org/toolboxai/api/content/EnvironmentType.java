package org.toolboxai.api.content;

import java.util.List;
import java.util.Optional;

/**
 * Where a lesson's 3D environment is set; {@link #toString()} is its snake_case name on the wire.
 *
 * @since 1.1.0
 */
public enum EnvironmentType {
    /** A classroom with stations. */
    INTERACTIVE_CLASSROOM,
    /** A laboratory. */
    LABORATORY,
    /** Outdoors. */
    OUTDOOR,
    /** A space station. */
    SPACE_STATION,
    /** A museum. */
    MUSEUM,
    /** Under water. */
    UNDERWATER;

    /** The wire name, e.g. {@code interactive_classroom}. */
    @Override
    public String toString() {
        return WireNames.of(this);
    }

    /** The environment with this wire name, if there is one. */
    public static Optional<EnvironmentType> fromWire(String name) {
        return WireNames.find(values(), name);
    }

    /** Every wire name, in declaration order, for error messages. */
    public static List<String> wireNames() {
        return WireNames.list(values());
    }
}
