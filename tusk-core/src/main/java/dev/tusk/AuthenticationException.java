package dev.tusk;

/** The server refused the login (SQLSTATE class 28): wrong password, unknown role, or a pg_hba.conf rule. */
public final class AuthenticationException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message, the driver's failure and the server's report. */
    public AuthenticationException(String message, Throwable cause, ServerError serverError) {
        super(message, cause, serverError, false, false);
    }
}
