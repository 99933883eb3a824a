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
}
