package org.toolboxai.api.error;

/** How bad an alert is; escalation raises it. */
public enum AlertLevel {
    /** Worth a look. */
    WARNING,
    /** Something does not work. */
    ERROR,
    /** Still failing after recovery was tried: someone must act. */
    CRITICAL
}
