package org.toolboxai.api.guard;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Resources held by a task, from {@link ResourceGuard#allocate}: close it (try-with-resources) to
 * give them back. A lease that is not closed expires at {@link #expiresAt()}, so a task that
 * crashed cannot hold them for ever.
 */
@ProviderType
public interface Allocation extends AutoCloseable {

    /** The lease's id, as {@code GET /api/v1/resources} lists it. */
    String id();

    /** What it holds, by resource name (e.g. {@code slots}, {@code memory.mb}). */
    Map<String, Long> amounts();

    /** When it expires unless closed before. */
    Instant expiresAt();

    /** Gives the resources back. Never throws. */
    @Override
    void close();
}
