package org.toolboxai.coordinator.workflow.internal;

import java.util.List;
import java.util.Map;

import org.toolboxai.api.workflow.RunState;

/**
 * A run as stored.
 *
 * @param id         run id
 * @param template   template name
 * @param owner      creator
 * @param state      its state
 * @param parameters validated parameters
 * @param error      why it failed
 * @param createdAt  epoch millis
 * @param startedAt  epoch millis, or 0
 * @param finishedAt epoch millis, or 0
 * @param steps      its steps, in plan order (empty in listings)
 */
record RunRecord(String id, String template, String owner, RunState state, Map<String, Object> parameters,
        String error, long createdAt, long startedAt, long finishedAt, List<StepRecord> steps) {
}
