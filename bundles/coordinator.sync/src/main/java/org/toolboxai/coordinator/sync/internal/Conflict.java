package org.toolboxai.coordinator.sync.internal;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One place where a three-way merge could not decide: both sides changed the value at {@code path}
 * (an RFC 6901 JSON Pointer, {@code ""} for the whole document) to different values.
 *
 * <p>A side on which the member does not exist (never added, or removed) is reported as
 * {@link com.fasterxml.jackson.databind.node.MissingNode} ({@code isMissingNode()}), never as Java
 * {@code null}; a JSON {@code null} value is a {@link com.fasterxml.jackson.databind.node.NullNode}.
 */
record Conflict(String path, JsonNode base, JsonNode ours, JsonNode theirs) {
    Conflict {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(theirs, "theirs");
    }
}
