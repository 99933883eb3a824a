package org.toolboxai.coordinator.workflow.internal;

import java.util.Map;

import org.toolboxai.api.workflow.StepState;

/**
 * A step as stored: its plan and its progress.
 *
 * @param plan       what to execute
 * @param state      where it is
 * @param attempt    attempts made
 * @param output     output once completed
 * @param error      last error
 * @param startedAt  epoch millis of the last attempt's start, or 0
 * @param finishedAt epoch millis of reaching a final state, or 0
 */
record StepRecord(PlannedStep plan, StepState state, int attempt, Map<String, Object> output, String error,
        long startedAt, long finishedAt) {
}
