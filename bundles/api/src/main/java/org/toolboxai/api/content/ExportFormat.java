package org.toolboxai.api.content;

import org.osgi.annotation.versioning.ConsumerType;

/** Turns a package into a file, e.g. a Rojo project zip or a Roblox place; registered by the bundle that owns the format. */
@ConsumerType
public interface ExportFormat {

    /** The file name clients ask for, e.g. {@code rojo.zip} or {@code place.rbxlx}. */
    String fileName();

    /** Its media type. */
    String contentType();

    /** Writes the file. */
    byte[] export(ContentPackage contentPackage) throws Exception;
}
