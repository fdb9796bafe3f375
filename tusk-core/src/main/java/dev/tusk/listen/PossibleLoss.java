package dev.tusk.listen;

import java.time.Duration;
import java.time.Instant;

/** Why notifications to a subscription's channel may have been lost, told to {@link NotificationListener#onPossibleLoss}. */
public sealed interface PossibleLoss permits PossibleLoss.ConnectionGap, PossibleLoss.QueueOverflow {

    /** The channel whose notifications may be missing. */
    String channel();

    /**
     * The listening connection was lost and has since been reopened and LISTENs again: notifications committed between
     * {@code from} and {@code to} were not delivered to it and never will be. Re-read what the channel announces (a
     * table, a queue) to catch up.
     *
     * @param channel the channel listened to again
     * @param from    when the old connection was last known to be listening
     * @param to      when LISTEN took effect again on the new connection
     * @param cause   why the old connection was given up, as the driver or server said it (SQLSTATE and message)
     */
    record ConnectionGap(String channel, Instant from, Instant to, String cause) implements PossibleLoss {

        /** How long the channel went unheard. */
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /**
     * The subscription's queue was full because its listener was slower than notifications arrived, so Tusk dropped
     * {@code dropped} of them (the newest, at the time each came in) rather than hold them in memory without bound.
     *
     * @param channel the channel whose notifications were dropped
     * @param dropped how many were dropped in this episode, between the notification handled before this report and
     *                the one after it
     */
    record QueueOverflow(String channel, long dropped) implements PossibleLoss {
    }
}
