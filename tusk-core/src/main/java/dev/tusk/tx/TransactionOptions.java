package dev.tusk.tx;

import java.util.Objects;

/**
 * How a transaction runs: its isolation level, and whether it is read-only and deferrable.
 *
 * @param isolation  the isolation level
 * @param readOnly   whether writes are refused (SQLSTATE 25006)
 * @param deferrable whether a serializable read-only transaction may wait for a safe snapshot instead of risking failure
 */
public record TransactionOptions(IsolationLevel isolation, boolean readOnly, boolean deferrable) {

    /** Read committed, read-write: PostgreSQL's defaults. */
    public static final TransactionOptions DEFAULT = new TransactionOptions(IsolationLevel.READ_COMMITTED, false, false);

    /** Checks the combination is one PostgreSQL honours. */
    public TransactionOptions {
        Objects.requireNonNull(isolation, "isolation");
        if (deferrable && !(readOnly && isolation == IsolationLevel.SERIALIZABLE)) {
            throw new IllegalArgumentException("deferrable only has an effect on SERIALIZABLE READ ONLY transactions, but was "
                    + isolation + (readOnly ? " READ ONLY" : " READ WRITE"));
        }
    }

    /** Default options at {@code isolation}. */
    public static TransactionOptions isolation(IsolationLevel isolation) {
        return new TransactionOptions(isolation, false, false);
    }

    /** These options, read-only. */
    public TransactionOptions asReadOnly() {
        return new TransactionOptions(isolation, true, deferrable);
    }

    /** These options, deferrable (needs serializable and read-only). */
    public TransactionOptions asDeferrable() {
        return new TransactionOptions(isolation, readOnly, true);
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
