package org.toolboxai.api.lms;

import java.util.Objects;

/**
 * A file delivered with the content.
 *
 * @param name        its file name, e.g. {@code place.rbxlx}
 * @param contentType its media type
 * @param data        its bytes
 */
public record LmsFile(String name, String contentType, byte[] data) {

    /** Checks. */
    public LmsFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
