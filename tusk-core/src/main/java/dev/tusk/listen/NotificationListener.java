package dev.tusk.listen;

import java.util.function.Consumer;

/**
 * What a subscription calls, on a virtual thread of its own, one call at a time and in the order notifications
 * arrived. A call may take as long as it likes: it never holds up the connection or other subscriptions, only this
 * subscription's queue (see {@link ListenOptions#queueCapacity()}). An exception it throws is logged and counted, and
 * the next notification is delivered as usual.
 */
@FunctionalInterface
public interface NotificationListener {

    /** Handles one notification. */
    void onNotification(Notification notification) throws Exception;

    /**
     * Hears that notifications may have been lost (a connection gap or a full queue), in order with the notifications
     * around the loss. Tusk has already logged it at WARN; by default nothing more is done.
     */
    default void onPossibleLoss(PossibleLoss loss) throws Exception {
    }

    /** A listener made of {@code onNotification} for notifications and {@code onPossibleLoss} for losses. */
    static NotificationListener of(NotificationListener onNotification, Consumer<? super PossibleLoss> onPossibleLoss) {
        if (onNotification == null || onPossibleLoss == null) {
            throw new IllegalArgumentException("onNotification and onPossibleLoss must not be null");
        }
        return new NotificationListener() {
            @Override
            public void onNotification(Notification notification) throws Exception {
                onNotification.onNotification(notification);
            }

            @Override
            public void onPossibleLoss(PossibleLoss loss) {
                onPossibleLoss.accept(loss);
            }
        };
    }
}
