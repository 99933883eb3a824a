package org.toolboxai.coordinator.workflow.internal;

/** A template that cannot be used; the message names the file, step and field. */
final class TemplateException extends Exception {

    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
        super(message);
    }
}
