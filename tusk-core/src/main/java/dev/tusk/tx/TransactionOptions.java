package dev.tusk.tx;

import java.util.Objects;

/**
 * How a transaction runs: its isolation level, whether it is read-only and deferrable, and whether Tusk may run its
 * callback again after a failure that rolled it back. Build it from {@link #DEFAULT} with the {@code with…} methods,
 * e.g. {@code DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withReadOnly(true)}; every value is checked when set.
 *
 * @param isolation  the isolation level
 * @param readOnly   whether writes are refused (SQLSTATE 25006)
 * @param deferrable whether a serializable read-only transaction may wait for a safe snapshot instead of risking failure
 * @param reruns     whether the callback runs again, up to {@code maxRetries} times, after a serialization failure
 *                   (40001), a deadlock (40P01), a connection lost before COMMIT was sent, or a COMMIT whose lost
 *                   acknowledgement the server reports as aborted; each of these rolled the transaction back, so the
 *                   callback must be safe to run again (no side effects outside the transaction)
 */
public record TransactionOptions(IsolationLevel isolation, boolean readOnly, boolean deferrable, boolean reruns) {

    /** Read committed, read-write, re-run after failures that rolled it back: PostgreSQL's defaults plus Tusk's. */
    public static final TransactionOptions DEFAULT = new TransactionOptions(IsolationLevel.READ_COMMITTED, false, false);

    /** Options with re-runs on. */
    public TransactionOptions(IsolationLevel isolation, boolean readOnly, boolean deferrable) {
        this(isolation, readOnly, deferrable, true);
    }

    /** Checks the combination is one PostgreSQL honours. */
    public TransactionOptions {
        Objects.requireNonNull(isolation, "isolation");
        if (deferrable && !(readOnly && isolation == IsolationLevel.SERIALIZABLE)) {
            throw new IllegalArgumentException("deferrable only has an effect on SERIALIZABLE READ ONLY transactions, but was "
                    + isolation + (readOnly ? " READ ONLY" : " READ WRITE"));
        }
    }

    /** These options at {@code isolation}. */
    public TransactionOptions withIsolation(IsolationLevel isolation) {
        return new TransactionOptions(isolation, readOnly, deferrable, reruns);
    }

    /** These options, read-only ({@code true}) or read-write. */
    public TransactionOptions withReadOnly(boolean readOnly) {
        return new TransactionOptions(isolation, readOnly, deferrable, reruns);
    }

    /** These options, deferrable or not; deferrable needs SERIALIZABLE and read-only, so set those first. */
    public TransactionOptions withDeferrable(boolean deferrable) {
        return new TransactionOptions(isolation, readOnly, deferrable, reruns);
    }

    /** These options with re-runs on or off; off, the first failure reaches the caller. */
    public TransactionOptions withReruns(boolean rerun) {
        return new TransactionOptions(isolation, readOnly, deferrable, rerun);
    }

    /** Whether these are PostgreSQL's defaults, which need no {@code SET TRANSACTION} round trip. */
    public boolean isDefault() {
        return !readOnly && !deferrable
                && (isolation == IsolationLevel.READ_COMMITTED || isolation == IsolationLevel.READ_UNCOMMITTED);
    }

    /** The {@code SET TRANSACTION …} statement for these options. */
    public String setTransactionSql() {
        return "SET TRANSACTION ISOLATION LEVEL " + isolation.sql() + (readOnly ? " READ ONLY" : " READ WRITE")
                + (deferrable ? " DEFERRABLE" : "");
    }
}
