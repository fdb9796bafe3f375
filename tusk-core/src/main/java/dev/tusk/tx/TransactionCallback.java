package dev.tusk.tx;

/** Work done inside a transaction that returns a value; may throw the caller's own checked exception. */
@FunctionalInterface
public interface TransactionCallback<R, X extends Exception> {

    /** Does the work on {@code transaction}; returning commits, throwing rolls back. */
    R inTransaction(Transaction transaction) throws X;
}
