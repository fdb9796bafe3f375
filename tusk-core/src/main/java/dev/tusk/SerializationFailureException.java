package dev.tusk;

/** A serializable or repeatable-read transaction conflicted with another (SQLSTATE 40001); retry the whole transaction. */
public final class SerializationFailureException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public SerializationFailureException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, true, true);
    }
}
