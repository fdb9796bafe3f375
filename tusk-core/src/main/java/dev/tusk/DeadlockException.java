package dev.tusk;

/** The server broke a deadlock by aborting this transaction (SQLSTATE 40P01); retry the whole transaction. */
public final class DeadlockException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public DeadlockException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, true, true);
    }
}
