package org.toolboxai.api.content;

import java.util.List;
import java.util.Optional;

/**
 * A kind of quiz question; {@link #toString()} is its snake_case name on the wire.
 *
 * @since 1.1.0
 */
public enum QuestionType {
    /** One correct option among several. */
    MULTIPLE_CHOICE,
    /** A statement to judge. */
    TRUE_FALSE,
    /** A few words typed in. */
    SHORT_ANSWER,
    /** A gap in a sentence. */
    FILL_BLANK,
    /** Pairs to match. */
    MATCHING,
    /** Items to put in order. */
    ORDERING;

    /** The wire name, e.g. {@code multiple_choice}. */
    @Override
    public String toString() {
        return WireNames.of(this);
    }

    /** The type with this wire name, if there is one. */
    public static Optional<QuestionType> fromWire(String name) {
        return WireNames.find(values(), name);
    }

    /** Every wire name, in declaration order, for error messages. */
    public static List<String> wireNames() {
        return WireNames.list(values());
    }
}
