package dev.tusk.copy.internal;

import dev.tusk.tx.ConnectionCallback;

/** Lends the connection a COPY runs on: a pooled one from a client, or the one of an open transaction. */
@FunctionalInterface
public interface ConnectionLender {

    /** Runs {@code work} on a connection and returns its result; the connection is taken back afterwards. */
    <R, X extends Exception> R lend(ConnectionCallback<R, X> work) throws X;
}
