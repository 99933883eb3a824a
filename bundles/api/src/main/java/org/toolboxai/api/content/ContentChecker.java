package org.toolboxai.api.content;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every deterministic check of a lesson package, whatever made it (a model, the offline
 * generator, a teacher's edit, another tool): coverage of the objectives, the answer keys
 * (arithmetic recomputed), duplicates, definitions, truncated text, reading level, timing,
 * language, the scripts and the environment. Any error-severity finding fails the package.
 *
 * @since 2.1.0
 */
@ProviderType
public interface ContentChecker {

    /**
     * Checks a package.
     *
     * @param contentPackage the package as {@code GET /api/v1/content/{id}} returns it; its quality
     *                       report is ignored, while the limitations its provenance records (a
     *                       generator that said it could not teach something) count as errors
     * @param request        what was asked for, with its defaults; {@code null} to judge the
     *                       package by what it says of itself (its lesson plan's subject, grade and
     *                       objectives), without the checks that need the request (question count,
     *                       duration); the language is then judged from the plan's own objectives
     * @return the findings and the reading grade of the learner-facing text
     */
    QualityReport check(ContentPackage contentPackage, LessonRequest request);
}
