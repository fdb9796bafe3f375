package dev.tusk.tx;

/** Work done inside a transaction that returns nothing; may throw the caller's own checked exception. */
@FunctionalInterface
public interface TransactionConsumer<X extends Exception> {

    /** Does the work on {@code transaction}; returning commits, throwing rolls back. */
    void useTransaction(Transaction transaction) throws X;
}
