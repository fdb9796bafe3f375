package dev.tusk.listen;

/**
 * One listener's subscription to one channel, from {@code client.listen}. Close it to stop: the channel is
 * UNLISTENed once no subscription of the client needs it, and the dedicated connection closes once none remain.
 */
public interface Subscription extends AutoCloseable {

    /** The channel, exactly as given to {@code listen}. */
    String channel();

    /** What this subscription has received, delivered, dropped and lost to connection gaps so far. */
    SubscriptionStats stats();

    /**
     * Stops delivery: notifications still queued are discarded, and this returns once no call of the listener is
     * running (waiting up to {@code shutdownGracePeriod}, then interrupting it), unless called from the listener itself.
     * Calling it again does nothing.
     */
    @Override
    void close();
}
