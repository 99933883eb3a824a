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
 * @param contentPackage the package once {@link RunState#COMPLETED} (its newest version), else {@code null}
 * @param version        the number of that package's version (1 as generated, +1 per edit), 0 without a package
 *                       (since 2.2.0)
 * @since 1.1.0
 */
public record ContentJob(String id, String owner, RunState state, boolean fromCache, double progress, Long etaSeconds,
        List<String> waitingFor, String error, StepFailure failure, ContentPackage contentPackage, int version) {

    /** A job whose package, if it has one, is version 1 (never edited). */
    public ContentJob(String id, String owner, RunState state, boolean fromCache, double progress, Long etaSeconds,
            List<String> waitingFor, String error, StepFailure failure, ContentPackage contentPackage) {
        this(id, owner, state, fromCache, progress, etaSeconds, waitingFor, error, failure, contentPackage,
                contentPackage == null ? 0 : 1);
    }

    /**
     * A copy with another version of the package.
     *
     * @since 2.2.0
     */
    public ContentJob withVersion(ContentPackage newer, int number) {
        return new ContentJob(id, owner, state, fromCache, progress, etaSeconds, waitingFor, error, failure, newer, number);
    }
}
