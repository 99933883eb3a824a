package org.toolboxai.api.workflow;

import org.toolboxai.api.failure.FailureKind;

/**
 * Why a step's last attempt failed, as data: for clients, the shell and the error coordinator.
 *
 * @param stepId            the step
 * @param kind              what kind of failure
 * @param message           what happened
 * @param retryAfterSeconds what a rate limit asked to wait, or {@code null}
 * @param attempts          attempts made when it failed
 * @since 1.2.0
 */
public record StepFailure(String stepId, FailureKind kind, String message, Long retryAfterSeconds, int attempts) {
}
