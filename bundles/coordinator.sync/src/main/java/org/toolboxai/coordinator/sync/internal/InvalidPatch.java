package org.toolboxai.coordinator.sync.internal;

/**
 * A JSON Patch (RFC 6902) that is malformed or cannot be applied to the document; the message names
 * the operation (by index in the patch) and says why, in words a client can act on.
 */
final class InvalidPatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The index used when the patch as a whole is malformed (not an array). */
    static final int WHOLE_PATCH = -1;

    private final int operationIndex;

    InvalidPatch(int operationIndex, String message, Throwable cause) {
        super(message, cause);
        this.operationIndex = operationIndex;
    }

    /** The zero-based index of the failing operation, or {@link #WHOLE_PATCH}. */
    int operationIndex() {
        return operationIndex;
    }
}
