package org.toolboxai.api.content;

import java.util.List;

import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.StepFailure;

/**
 * A lesson package being made, or made: the workflow run behind it, as the content service sees it.
 *
 * @param id             the content id (its workflow run's id)
 * @param owner          who asked for it
 * @param state          where its run is
 * @param fromCache      whether an identical earlier request's package answered this request
 * @param progress       percent done, 0-100
 * @param etaSeconds     estimated seconds to completion, or {@code null}
 * @param waitingFor     step types with no installed handler that it waits for
 * @param error          why it failed, if it did
 * @param failure        the failure of the step that failed it, or {@code null}
 * @param contentPackage the package once {@link RunState#COMPLETED}, else {@code null}
 * @since 1.1.0
 */
public record ContentJob(String id, String owner, RunState state, boolean fromCache, double progress, Long etaSeconds,
        List<String> waitingFor, String error, StepFailure failure, ContentPackage contentPackage) {
}
