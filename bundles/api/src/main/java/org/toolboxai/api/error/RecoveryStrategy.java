package org.toolboxai.api.error;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to recover from a failed attempt, registered as an OSGi service. The error coordinator
 * asks the strategies for the failure's class in order (best success rate for that class first,
 * then {@code service.ranking}) and follows the first plan it gets.
 */
@ConsumerType
public interface RecoveryStrategy {

    /** Unique name, e.g. {@code retry}, {@code fallback}. */
    String name();

    /** Whether it can ever help with this class (it is only asked about those). */
    boolean handles(ErrorClass errorClass);

    /** What to do after this failed attempt; empty when this strategy cannot help now. */
    Optional<RecoveryAction> plan(RecoveryAttempt attempt);
}
