package dev.tusk.listen;

/**
 * A snapshot of one subscription's counters.
 *
 * @param received        notifications that reached the subscription, dropped ones included
 * @param delivered       listener calls for notifications that have returned, failed ones included
 * @param listenerFailures listener calls (for notifications or losses) that threw
 * @param dropped         notifications dropped because the queue was full
 * @param queued          notifications waiting for the listener now
 * @param connectionGaps  times the connection was lost and LISTEN restored while this subscription was listening
 * @param listening       whether the channel is LISTENed on a live connection now (false while reconnecting)
 */
public record SubscriptionStats(long received, long delivered, long listenerFailures, long dropped, int queued,
                                long connectionGaps, boolean listening) {
}
