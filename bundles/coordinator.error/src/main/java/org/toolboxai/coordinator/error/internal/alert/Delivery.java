package org.toolboxai.coordinator.error.internal.alert;

import java.time.Instant;

/**
 * What became of one alert on one channel.
 *
 * @param channel the channel's name
 * @param outcome what happened
 * @param reason  why it failed, was throttled or was not sent; {@code null} when sent or pending
 * @param at      when the outcome was decided
 */
public record Delivery(String channel, Outcome outcome, String reason, Instant at) {

    /** What happened to an alert on a channel. */
    public enum Outcome {
        /** Queued for the channel, not delivered yet. */
        PENDING,
        /** The channel accepted it. */
        SENT,
        /** The channel threw, or its queue was full. */
        FAILED,
        /** Over the channel's limit of alerts per minute: not sent. */
        THROTTLED,
        /** Below the channel's minimum level: not sent. */
        BELOW_LEVEL
    }
}
