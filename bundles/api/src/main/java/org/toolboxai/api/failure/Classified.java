package org.toolboxai.api.failure;

import org.osgi.annotation.versioning.ConsumerType;

/** An exception that knows its {@link Failure}: {@link Failure#of(Throwable)} finds it in a cause chain. */
@ConsumerType
public interface Classified {

    /** The failure it stands for. */
    Failure failure();
}
