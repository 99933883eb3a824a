package org.toolboxai.coordinator.workflow.internal;

import org.toolboxai.api.failure.Failure;

import java.util.Map;

import org.toolboxai.api.workflow.StepState;

/**
 * A step as stored: its plan and its progress.
 *
 * @param plan       what to execute
 * @param state      where it is
 * @param attempt    attempts made
 * @param output     output once completed
 * @param failure    why the last attempt failed, or {@code null}
 * @param startedAt  epoch millis of the last attempt's start, or 0
 * @param finishedAt epoch millis of reaching a final state, or 0
 */
record StepRecord(PlannedStep plan, StepState state, int attempt, Map<String, Object> output, Failure failure,
        long startedAt, long finishedAt) {
}
