package dev.tusk;

/** Work was submitted to a client that is closing or closed; it never reached the server. */
public final class ClientClosedException extends TuskException {

    private static final long serialVersionUID = 1L;

    /** An exception naming what was refused. */
    public ClientClosedException(String message) {
        super(message, null, ServerError.NONE, false, false);
    }
}
