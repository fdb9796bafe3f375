package dev.tusk.tx;

import dev.tusk.SqlOperations;

import java.sql.Connection;

/**
 * An open transaction: statements run on its connection, nested transactions become savepoints. Valid only inside the
 * callback that received it.
 */
public interface Transaction extends SqlOperations {

    /** The options this transaction was started with. */
    TransactionOptions options();

    /** Runs {@code work} under a savepoint: its exception rolls back only the savepoint's work, then propagates. */
    <R, X extends Exception> R inTransaction(TransactionCallback<R, X> work) throws X;

    /** Runs {@code work} under a savepoint, returning nothing; see {@link #inTransaction(TransactionCallback)}. */
    <X extends Exception> void useTransaction(TransactionConsumer<X> work) throws X;

    /**
     * COPY and bulk loading on this transaction's connection, the same operations as {@code client.copy()}: loads
     * become part of the transaction (a rollback removes them) and exports see its uncommitted changes.
     */
    dev.tusk.copy.CopyOperations copy();

    /** The JDBC connection, for libraries that need one; do not commit, roll back or close it. */
    Connection connection();
}
