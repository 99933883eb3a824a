package org.toolboxai.api.error;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where alerts go (the log, a webhook, e-mail ...), registered as an OSGi service. The error
 * coordinator sends each alert to the channels whose {@link #minimumLevel()} it reaches, after
 * de-duplication and throttling.
 */
@ConsumerType
public interface AlertChannel {

    /** Unique name, e.g. {@code log}, {@code webhook}, {@code email}. */
    String name();

    /** The lowest level this channel is sent. */
    AlertLevel minimumLevel();

    /** Delivers an alert; an exception is logged and the alert counts as not delivered on this channel. */
    void send(Alert alert) throws Exception;
}
