package org.toolboxai.api.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Resolves a write based on an older version of a document, registered as an OSGi service by any
 * bundle; a document whose strategy is {@code resolver:<name>} uses the one of that name. JSON
 * values are plain Java: {@code Map<String, Object>}, {@code List<Object>}, {@code String},
 * {@code Number}, {@code Boolean} or {@code null}.
 */
@ConsumerType
public interface ConflictResolver {

    /** The name documents refer to, letters, digits, {@code -} and {@code _}. */
    String name();

    /**
     * The content to store as the next version.
     *
     * @param base   the version the writer started from
     * @param ours   the current version
     * @param theirs what the writer sent
     * @throws IllegalStateException to refuse the write, with the reason (409 to the writer)
     */
    Object resolve(Object base, Object ours, Object theirs);
}
