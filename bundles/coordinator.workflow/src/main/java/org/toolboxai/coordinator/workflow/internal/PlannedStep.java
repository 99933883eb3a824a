package org.toolboxai.coordinator.workflow.internal;

import java.util.List;
import java.util.Map;

/**
 * A step of one run after sub-flows are expanded.
 *
 * @param id           id in the run, e.g. {@code lesson_2.quiz_creation}
 * @param templateStep key for duration statistics, e.g. {@code educational_content/quiz_creation}
 * @param type         handler type
 * @param dependsOn    run step ids it needs
 * @param optional     whether its failure leaves the run going
 * @param timeoutMillis per attempt
 * @param retries      extra attempts after a failure
 * @param config       handler configuration
 */
record PlannedStep(String id, String templateStep, String type, List<String> dependsOn, boolean optional,
        long timeoutMillis, int retries, Map<String, Object> config) {
}
