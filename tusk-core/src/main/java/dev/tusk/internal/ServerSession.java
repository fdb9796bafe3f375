package dev.tusk.internal;

import dev.tusk.SessionRequiredException;
import dev.tusk.internal.SessionStatements.SessionStatement;

/** Whether a pooled connection keeps one server session, or PgBouncer may give each transaction another one. */
public enum ServerSession {

    /** A direct connection: session settings, locks and LISTENs stay with the connection until the pool closes it. */
    DEDICATED,
    /**
     * Through PgBouncer in transaction mode ({@code pgbouncer=true}): each transaction may run on another server
     * connection, and the one it ran on goes to other clients next, so nothing may outlive a transaction.
     */
    PER_TRANSACTION;

    /** The sharing a client with {@code pgbouncer} set to that value works under. */
    public static ServerSession of(boolean pgbouncer) {
        return pgbouncer ? PER_TRANSACTION : DEDICATED;
    }

    /** Whether the session is this client's own, so that setting something on it for a while is safe. */
    public boolean isDedicated() {
        return this == DEDICATED;
    }

    /**
     * Refuses {@code sql} before anything is sent when it needs a session of its own and this is not one; see
     * {@link SessionStatements}.
     *
     * @throws SessionRequiredException naming the kind of statement, why it needs a session, and what to do instead
     */
    public void requireTransactionScoped(String sql) {
        if (this == DEDICATED || sql == null) {
            return;
        }
        SessionStatement statement = SessionStatements.find(sql);
        if (statement != null) {
            throw new SessionRequiredException(statement.kind(), statement.kind() + " needs a server session of its own, "
                    + "but this client runs with pgbouncer=true: PgBouncer in transaction mode gives each transaction "
                    + "whichever server connection is free and hands that one to other clients afterwards, so the effect "
                    + "would reach another client or be lost. Refused before anything was sent. Instead, "
                    + statement.instead() + "; or run this work on a client with a direct URL to the server (or through "
                    + "PgBouncer in session pooling mode) and without pgbouncer=true. While running: "
                    + Errors.abbreviate(sql));
        }
    }
}
