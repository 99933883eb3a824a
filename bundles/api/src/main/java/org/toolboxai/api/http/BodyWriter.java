package org.toolboxai.api.http;

import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes a streamed response body ({@link ApiResponse#stream}).
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface BodyWriter {

    /**
     * Writes the body; {@code flush()} sends what was written so far to the client. Throw
     * {@link ProblemException} before writing anything to answer with a problem instead.
     */
    void writeTo(OutputStream out) throws Exception;
}
