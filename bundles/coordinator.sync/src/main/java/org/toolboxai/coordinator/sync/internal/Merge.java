package org.toolboxai.coordinator.sync.internal;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of a three-way merge: {@code merged} has every non-conflicting change of both sides
 * applied and the stored ("ours") value at each conflicting path; {@code conflicts} is in document
 * order and empty when the merge is clean.
 */
record Merge(JsonNode merged, List<Conflict> conflicts) {
    Merge {
        Objects.requireNonNull(merged, "merged");
        conflicts = List.copyOf(conflicts);
    }

    /** Whether the merge applied both sides completely, with nothing left for a person to decide. */
    boolean clean() {
        return conflicts.isEmpty();
    }
}
