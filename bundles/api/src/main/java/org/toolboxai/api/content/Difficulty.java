package org.toolboxai.api.content;

import java.util.List;
import java.util.Optional;

/**
 * How hard a lesson or quiz is; {@link #toString()} is its snake_case name on the wire.
 *
 * @since 1.1.0
 */
public enum Difficulty {
    /** Easy. */
    EASY,
    /** Medium. */
    MEDIUM,
    /** Hard. */
    HARD,
    /** Rising from lesson to lesson of a course (a course's lessons carry their rank); not for a single lesson. */
    PROGRESSIVE;

    /** The wire name, e.g. {@code easy}. */
    @Override
    public String toString() {
        return WireNames.of(this);
    }

    /** The difficulty with this wire name, if there is one. */
    public static Optional<Difficulty> fromWire(String name) {
        return WireNames.find(values(), name);
    }

    /** Every wire name, in declaration order, for error messages. */
    public static List<String> wireNames() {
        return WireNames.list(values());
    }
}
