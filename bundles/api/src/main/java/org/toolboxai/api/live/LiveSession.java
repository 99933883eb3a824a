package org.toolboxai.api.live;

import org.osgi.annotation.versioning.ConsumerType;

/** A channel's handler of one connection's messages. */
@ConsumerType
public interface LiveSession {

    /** A text message from the client, within the size limit. Called on one thread at a time. */
    void received(String text);

    /** The connection closed, for whatever reason; called once. */
    void closed(int code);
}
