package dev.tusk;

import dev.tusk.copy.CopyOperations;
import dev.tusk.copy.internal.CopyHandles;
import dev.tusk.internal.Connections;
import dev.tusk.query.internal.ForwardingSqlOperations;
import dev.tusk.query.internal.StatementRunner;
import dev.tusk.tx.ConnectionCallback;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

/**
 * The read-only view of a client: every statement and transaction runs in a read-only transaction, on a read replica
 * when the client has one that takes reads.
 */
final class ReadOnlyDatabase extends ForwardingSqlOperations implements Database {

    private final TuskClient client;
    private final StatementRunner runner;
    private final CopyOperations copy;

    ReadOnlyDatabase(TuskClient client, StatementRunner runner, Connections readOnlyConnections) {
        this.client = client;
        this.runner = runner;
        this.copy = CopyHandles.readingOnly(readOnlyConnections, "the read-only view only exports: load with "
                + "client.copy() or a transaction's copy()");
    }

    @Override
    public CopyOperations copy() {
        return copy;
    }

    @Override
    protected SqlOperations delegate() {
        return runner;
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return client.inReadOnlyTransaction(options, work);
    }

    @Override
    public <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X {
        return inTransaction(TransactionOptions.DEFAULT, transaction -> work.withConnection(transaction.connection()));
    }

    @Override
    public String toString() {
        return "read-only view of " + client;
    }
}
