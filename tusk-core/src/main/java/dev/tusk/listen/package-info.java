/**
 * LISTEN/NOTIFY: {@code client.listen(channel, listener)} subscribes on one dedicated connection per client, outside
 * the pool, which reconnects and LISTENs again after a drop and tells each {@link dev.tusk.listen.NotificationListener}
 * when notifications may have been lost ({@link dev.tusk.listen.PossibleLoss}); {@code client.notify(channel, payload)}
 * sends one. PostgreSQL delivers a notification only to sessions listening when it commits, so a gap is reported,
 * never filled: README's LISTEN/NOTIFY section says what is and is not guaranteed.
 */
package dev.tusk.listen;
