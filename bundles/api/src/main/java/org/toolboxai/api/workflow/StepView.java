package org.toolboxai.api.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step of a run as clients see it.
 *
 * @param id         step id
 * @param type       handler type
 * @param state      its state
 * @param dependsOn  ids of the steps it needs
 * @param optional   whether its failure fails the run
 * @param attempt    attempts made so far
 * @param output     its output once completed
 * @param error      the last error, if any
 * @param startedAt  when the last attempt started
 * @param finishedAt when it reached a final state
 * @param failure    why its last attempt failed, or {@code null} (since 1.2.0)
 */
public record StepView(String id, String type, StepState state, List<String> dependsOn, boolean optional,
        int attempt, Map<String, Object> output, String error, Instant startedAt, Instant finishedAt,
        StepFailure failure) {
}
