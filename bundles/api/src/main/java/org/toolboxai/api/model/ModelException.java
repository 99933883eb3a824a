package org.toolboxai.api.model;

/** A model call that failed; {@link #retryable()} says whether trying again may help (429, 5xx, time-outs). */
public class ModelException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /** A failure with its cause. */
    public ModelException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether trying again may help. */
    public boolean retryable() {
        return retryable;
    }
}
