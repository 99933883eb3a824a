package org.toolboxai.api.content;

import java.util.List;

/**
 * What the deterministic checks found in a package.
 *
 * @param passed       whether no finding is an error
 * @param readingGrade Flesch-Kincaid grade of the learner-facing text
 * @param findings     everything found, errors and warnings
 */
public record QualityReport(boolean passed, double readingGrade, List<Finding> findings) {

    /**
     * One finding.
     *
     * @param check    e.g. {@code answer_key}, {@code luau_syntax}, {@code overlap}
     * @param severity whether it fails the package
     * @param part     what it is about, e.g. {@code quiz.q3} or {@code scripts.QuizStation}
     * @param message  what is wrong
     */
    public record Finding(String check, Severity severity, String part, String message) {

        /** Whether this finding fails the package. */
        public boolean fails() {
            return severity == Severity.ERROR;
        }
    }
}
