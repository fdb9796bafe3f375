package dev.tusk;

/** The server could not parse a statement (SQLSTATE 42601). */
public final class SyntaxErrorException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public SyntaxErrorException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, true);
    }
}
