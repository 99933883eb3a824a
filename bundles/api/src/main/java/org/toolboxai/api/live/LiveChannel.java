package org.toolboxai.api.live;

import org.osgi.annotation.versioning.ConsumerType;
import org.toolboxai.api.security.Caller;

/**
 * What the WebSocket at {@code /ws} is for. The web bundle calls {@link #open} for each
 * authenticated connection; without a channel service it closes new connections with 1013 (try
 * again later). The highest-ranked channel serves.
 */
@ConsumerType
public interface LiveChannel {

    /**
     * A client connected.
     *
     * @param caller     who it authenticated as
     * @param connection how to answer it; valid until {@link LiveSession#closed}
     * @return what handles its messages
     */
    LiveSession open(Caller caller, LiveConnection connection);
}
