package org.toolboxai.api.content;

import org.toolboxai.api.workflow.WorkflowException;

/**
 * An edit was based on a version that is no longer the newest (someone else edited meanwhile):
 * a {@link WorkflowException.Kind#CONFLICT} that names the newest version, so that a client can
 * fetch it and edit again (REST answers 412 Precondition Failed with the current {@code ETag}).
 *
 * @since 2.2.0
 */
public class StaleVersionException extends WorkflowException {

    private static final long serialVersionUID = 1L;

    private final int currentVersion;

    /** The edit expected {@code expectedVersion}; the newest is {@code currentVersion}. */
    public StaleVersionException(String id, int expectedVersion, int currentVersion) {
        super(Kind.CONFLICT, "Content " + id + " is at version " + currentVersion + ", not " + expectedVersion
                + "; fetch it again and edit the newest version.");
        this.currentVersion = currentVersion;
    }

    /** The newest version of the content. */
    public int currentVersion() {
        return currentVersion;
    }
}
