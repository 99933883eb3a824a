package org.toolboxai.api.content;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a package into a file, e.g. a Rojo project zip or a Roblox place; registered by the
 * bundle that owns the format. The REST API serves it at
 * {@code GET /api/v1/content/{id}/exports/{fileName}} and lists the installed ones.
 */
@ConsumerType
public interface ExportFormat {

    /** A stable short name, lower case, e.g. {@code rojo} or {@code place}. */
    String id();

    /** The file name clients ask for, e.g. {@code rojo.zip} or {@code place.rbxlx}. */
    String fileName();

    /** Its media type. */
    String contentType();

    /**
     * Writes the file as it is produced; the caller owns (and closes) the stream.
     *
     * @throws IOException when writing fails; nothing is retried
     */
    void export(ContentPackage contentPackage, OutputStream out) throws IOException;

    /**
     * Writes a course (or a lesson as a course of one) in this format. By default a format of one
     * package writes the course's place: the course as one Roblox place.
     *
     * @throws IOException when writing fails, or when the course has no place and the format needs one
     * @since 3.3.0
     */
    default void exportCourse(CourseContent course, OutputStream out) throws IOException {
        if (course.place() == null) {
            throw new IOException(course.id() + " has no Roblox place to write as " + fileName());
        }
        export(course.place(), out);
    }
}
