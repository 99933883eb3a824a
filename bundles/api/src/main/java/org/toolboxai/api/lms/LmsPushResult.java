package org.toolboxai.api.lms;

import java.util.List;

/**
 * What a push did.
 *
 * @param objects what it made, updated or left, in order
 * @param issues  what the teacher should know
 */
public record LmsPushResult(List<LmsObject> objects, List<LmsIssue> issues) {

    /** Copies. */
    public LmsPushResult {
        objects = objects == null ? List.of() : List.copyOf(objects);
        issues = issues == null ? List.of() : List.copyOf(issues);
    }
}
