package org.toolboxai.api.workflow;

import java.time.Instant;

/**
 * A run in a listing.
 *
 * @param id         run id
 * @param template   template name
 * @param owner      who created it
 * @param state      its state
 * @param createdAt  creation time
 * @param finishedAt time it reached a final state, or {@code null}
 */
public record RunSummary(String id, String template, String owner, RunState state, Instant createdAt,
        Instant finishedAt) {
}
