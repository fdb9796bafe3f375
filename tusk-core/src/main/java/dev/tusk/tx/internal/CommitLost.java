package dev.tusk.tx.internal;

import dev.tusk.TuskException;

/**
 * COMMIT was sent and its acknowledgement lost: the transaction may or may not have committed. Carries what is needed
 * to ask the server: the transaction id (null when the transaction wrote nothing and so has none), the process id of
 * the backend that ran it, and the callback's result to return if it did commit. Internal to Tusk; never reaches users.
 */
public final class CommitLost extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Long transactionId;
    private final int backendPid;
    private final transient Object result;
    private final String serverStartedAt;
    private final String serverTimeline;

    CommitLost(TuskException failure, Long transactionId, int backendPid, String serverStartedAt,
               String serverTimeline, Object result) {
        super(failure.getMessage(), failure, false, false);
        this.transactionId = transactionId;
        this.backendPid = backendPid;
        this.serverStartedAt = serverStartedAt;
        this.serverTimeline = serverTimeline;
        this.result = result;
    }

    /** The WAL timeline of the server the transaction ran on, or null if unknown. */
    public String serverTimeline() {
        return serverTimeline;
    }

    /** When the server the transaction ran on had started ({@code pg_postmaster_start_time()}), or null if unknown. */
    public String serverStartedAt() {
        return serverStartedAt;
    }

    /** How the COMMIT failed. */
    public TuskException failure() {
        return (TuskException) getCause();
    }

    /** The transaction's id, or null when it had none (it wrote nothing). */
    public Long transactionId() {
        return transactionId;
    }

    /** The process id of the server backend that ran the transaction, or 0 when unknown. */
    public int backendPid() {
        return backendPid;
    }

    /** What the callback returned. */
    public Object result() {
        return result;
    }
}
