package dev.tusk.tx;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * A transaction that code outside Tusk (a framework's transaction manager, such as Spring's) has open on the calling
 * thread on a connection of this client's pool. {@code client.inTransaction} joins it instead of opening a second,
 * independent transaction: the work runs under a savepoint on that connection, its exception rolls back only the
 * savepoint's work and propagates, and what it did commits or rolls back with the outer transaction, whose owner
 * alone commits, rolls back and closes the connection. Given to {@code Tusk.connect(config, hooks, tracer, ambient)}.
 */
@FunctionalInterface
public interface AmbientTransaction {

    /** No outside transaction is ever joined: every top-level {@code inTransaction} opens its own. */
    AmbientTransaction NONE = dataSource -> null;

    /**
     * The connection of the transaction open on the calling thread on a connection lent by {@code dataSource} (the
     * client's {@code dataSource()}), with autocommit off; null when there is none. Called once per top-level
     * {@code inTransaction} on the calling thread, so it must be cheap and must not block.
     */
    Connection currentConnection(DataSource dataSource);
}
