package org.toolboxai.api.lms;

import java.util.List;

/**
 * A course in an LMS.
 *
 * @param id       the LMS's id
 * @param name     its name
 * @param code     its short code, or {@code null}
 * @param url      where people open it, or {@code null}
 * @param sections its sections (empty when the LMS has none or did not say)
 */
public record LmsCourse(String id, String name, String code, String url, List<Section> sections) {

    /** Copies. */
    public LmsCourse {
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    /**
     * A section of a course.
     *
     * @param id   the LMS's id
     * @param name its name
     */
    public record Section(String id, String name) {
    }
}
