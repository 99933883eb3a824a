package org.toolboxai.api.content;

import java.util.List;

/**
 * A complete, checked lesson package.
 *
 * @param id          the workflow run that made it
 * @param lessonPlan  the lesson
 * @param environment the 3D plan
 * @param quiz        the quiz, or {@code null} when none was asked for
 * @param scripts     the Luau scripts
 * @param quality     what the checks found
 * @param provenance  how it was made
 * @param verification what the swarm checked (answer keys, consensus decisions), or one saying that
 *                     nothing was verified and why; {@code null} in packages made before it existed
 *                     (@since 3.2.0)
 */
public record ContentPackage(String id, LessonPlan lessonPlan, EnvironmentPlan environment, Quiz quiz,
        List<LuauScript> scripts, QualityReport quality, Provenance provenance,
        org.toolboxai.api.swarm.Verification verification) {

    /** A package without a verification record. */
    public ContentPackage(String id, LessonPlan lessonPlan, EnvironmentPlan environment, Quiz quiz,
            List<LuauScript> scripts, QualityReport quality, Provenance provenance) {
        this(id, lessonPlan, environment, quiz, scripts, quality, provenance, null);
    }
}
