package org.toolboxai.api.live;

import org.osgi.annotation.versioning.ProviderType;

/** One client's WebSocket, as the web bundle hands it to a {@link LiveChannel}. */
@ProviderType
public interface LiveConnection {

    /** Close code: the endpoint is going away (server stopping, channel removed). */
    int GOING_AWAY = 1001;
    /** Close code: a message broke the protocol so badly that answering it makes no sense. */
    int PROTOCOL_ERROR = 1002;
    /** Close code: policy violation (credentials no longer valid, too many errors). */
    int POLICY_VIOLATION = 1008;
    /** Close code: a message was larger than the limit. */
    int TOO_BIG = 1009;
    /** Close code: the server failed. */
    int INTERNAL_ERROR = 1011;
    /** Close code: try again later (overloaded, or nothing serves the channel now). */
    int TRY_AGAIN_LATER = 1013;

    /** An id unique on this node, for logs and diagnostics. */
    String id();

    /**
     * Sends one text message: queues it, or, when the client has not yet taken the messages
     * queued before, waits for it at most the configured send time-out. Messages are sent in the
     * order of the calls.
     *
     * @return {@code false} when the connection is closed or the client did not take its messages
     *         in time (the connection is then closed with {@link #TRY_AGAIN_LATER})
     */
    boolean send(String text);

    /** Closes the connection with a code and a short reason (at most 123 bytes). */
    void close(int code, String reason);

    /** Whether the connection is still open. */
    boolean isOpen();
}
