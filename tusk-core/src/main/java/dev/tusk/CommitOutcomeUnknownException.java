package dev.tusk;

/**
 * A transaction's COMMIT was sent but its acknowledgement was lost, and the server could not be asked within the
 * retry deadline whether it committed. The work may or may not be in the database: {@link #transactionId()} is the
 * id to look up later with {@code pg_xact_status}. Not transient; re-running the work blindly could apply it twice.
 */
public final class CommitOutcomeUnknownException extends TuskException {

    private static final long serialVersionUID = 1L;

    private final long transactionId;

    /** An exception for the transaction {@code transactionId}, whose COMMIT failed with {@code cause}. */
    public CommitOutcomeUnknownException(String message, Throwable cause, long transactionId) {
        super(message, cause, cause instanceof TuskException tusk ? ServerError.ofSqlState(tusk.sqlState())
                : ServerError.NONE, false, true);
        this.transactionId = transactionId;
    }

    /** The transaction's id ({@code xid8}), for {@code SELECT pg_xact_status('<id>'::xid8)}. */
    public long transactionId() {
        return transactionId;
    }
}
