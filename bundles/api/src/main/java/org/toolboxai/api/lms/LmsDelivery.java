package org.toolboxai.api.lms;

import java.util.List;
import java.util.Objects;

import org.toolboxai.api.content.CourseContent;

/**
 * What one push delivers, and where.
 *
 * @param content the lesson or course
 * @param target  where in the LMS
 * @param files   the content's files as the installed export formats write them (the Roblox place,
 *                the Rojo project, the QTI zip, the Common Cartridge), for providers that attach or
 *                import them
 */
public record LmsDelivery(CourseContent content, LmsTarget target, List<LmsFile> files) {

    /** Checks. */
    public LmsDelivery {
        Objects.requireNonNull(content, "content");
        target = target == null ? new LmsTarget(null, null) : target;
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The file of this name, if the push has it. */
    public java.util.Optional<LmsFile> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
