package dev.tusk;

import dev.tusk.tx.ConnectionCallback;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionConsumer;
import dev.tusk.tx.TransactionOptions;

/** Work against one database: the one-liners of {@link SqlOperations}, transactions, and raw connections. */
public interface Database extends SqlOperations {

    /**
     * Runs {@code work} in a transaction with default options and returns its result: commits when it returns, rolls
     * back when it throws, and the caller sees the original exception. Called again inside {@code work} on the same
     * thread, it joins the open transaction under a savepoint instead of taking a second connection.
     *
     * <p>After a serialization failure, a deadlock or a connection lost before COMMIT was sent, the server has rolled
     * the transaction back and {@code work} runs again (up to {@code maxRetries} times; see
     * {@link TransactionOptions#reruns()}), so it must be safe to run again. If COMMIT was sent and its answer lost,
     * the server is asked whether the transaction committed: if it did, the result is returned; if it aborted,
     * {@code work} runs again; if the server cannot be asked within {@code retryDeadline}, a
     * {@link CommitOutcomeUnknownException} carries the transaction id. Every other failure leaves nothing committed
     * and reports {@code mayHaveReachedServer() == false}.
     */
    default <R, X extends Exception> R inTransaction(TransactionCallback<R, X> work) throws X {
        return inTransaction(TransactionOptions.DEFAULT, work);
    }

    /** Runs {@code work} in a transaction with {@code options} and returns its result; see {@link #inTransaction(TransactionCallback)}. */
    <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X;

    /** Runs {@code work} in a transaction with default options; see {@link #inTransaction(TransactionCallback)}. */
    default <X extends Exception> void useTransaction(TransactionConsumer<X> work) throws X {
        useTransaction(TransactionOptions.DEFAULT, work);
    }

    /** Runs {@code work} in a transaction with {@code options}; see {@link #inTransaction(TransactionCallback)}. */
    default <X extends Exception> void useTransaction(TransactionOptions options, TransactionConsumer<X> work) throws X {
        inTransaction(options, transaction -> {
            work.useTransaction(transaction);
            return null;
        });
    }

    /**
     * COPY and bulk loading through this handle: binary and CSV COPY both ways, {@code bulkInsert} and
     * {@code bulkUpsert}. A read-only or tenant view only exports; see {@link dev.tusk.copy.CopyOperations}.
     */
    dev.tusk.copy.CopyOperations copy();

    /** Lends a pooled JDBC connection to {@code work} and takes it back afterwards, whatever happens. */
    <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X;
}
