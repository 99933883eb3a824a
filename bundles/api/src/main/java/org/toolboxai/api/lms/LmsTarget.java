package org.toolboxai.api.lms;

/**
 * Where in an LMS content goes.
 *
 * @param course  the LMS's course id (Canvas), or {@code null}
 * @param section the LMS's section id (Schoology), or {@code null}
 */
public record LmsTarget(String course, String section) {
}
