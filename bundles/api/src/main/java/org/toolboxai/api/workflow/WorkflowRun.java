package org.toolboxai.api.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run with its steps, progress and estimate.
 *
 * @param id          run id
 * @param template    template name
 * @param owner       who created it
 * @param state       its state
 * @param parameters  validated parameters
 * @param progress    percent of the estimated work done, 0-100: steps that completed (or, optional, failed);
 *                    a cancelled, skipped or waiting step is not work done
 * @param etaSeconds  estimated seconds to completion, or {@code null} when there is no estimate: the run is
 *                    final, paused, or waits for a step type no installed bundle handles
 * @param waitingFor  step types with no installed handler that the run waits for
 * @param error       why it failed, if it did
 * @param createdAt   creation time
 * @param startedAt   first execution time
 * @param finishedAt  time it reached a final state
 * @param steps       its steps in template order
 * @param failure     the failure of the step that failed the run, or {@code null} (since 1.2.0)
 */
public record WorkflowRun(String id, String template, String owner, RunState state, Map<String, Object> parameters,
        double progress, Long etaSeconds, List<String> waitingFor, String error, Instant createdAt,
        Instant startedAt, Instant finishedAt, List<StepView> steps, StepFailure failure) {
}
