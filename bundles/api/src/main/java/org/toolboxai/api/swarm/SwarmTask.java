package org.toolboxai.api.swarm;

import java.util.Objects;

import org.toolboxai.api.model.LessonFacts;

/**
 * The work the swarm is asked to check, and who asks.
 *
 * @param packageId the package the work is for (the model calls per package are limited)
 * @param runId     the workflow run
 * @param stepId    the step
 * @param owner     who asked for the work
 * @param priority  1 to 5, 5 the most urgent (3 by default); the swarm's queue serves the highest priority plus
 *                  0.1 per hour waited first
 * @param kind      the step's model task, e.g. {@code quiz} or {@code curriculum}
 * @param facts     the lesson's facts (the teacher's request, earlier results), shown to solvers and reviewers
 * @param models    the guarded way to the models
 */
public record SwarmTask(String packageId, String runId, String stepId, String owner, int priority, String kind,
        LessonFacts facts, ModelAccess models) {

    /** Priorities outside 1-5 are clamped; the package, kind and models are needed. */
    public SwarmTask {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(models, "models");
        priority = Math.max(1, Math.min(5, priority));
    }
}
