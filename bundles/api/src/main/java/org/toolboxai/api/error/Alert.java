package org.toolboxai.api.error;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert about a group of failures, for the {@link AlertChannel}s.
 *
 * @param id          unique id
 * @param level       how bad
 * @param fingerprint the failure group it is about
 * @param errorClass  the group's class
 * @param component   the component that reported it
 * @param title       one line
 * @param detail      what happened and what to do, in words (never a secret, never a stack trace)
 * @param count       failures in the group so far
 * @param at          when it was raised
 */
public record Alert(String id, AlertLevel level, String fingerprint, ErrorClass errorClass, String component, String title,
        String detail, long count, Instant at) {

    /** Validates. */
    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(at, "at");
    }
}
