package dev.tusk;

/** The root of Tusk's unchecked exceptions; the driver's {@link java.sql.SQLException}, if any, is the cause. */
public class TuskException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /** An exception with a message and the failure that caused it. */
    public TuskException(String message, Throwable cause) {
        super(message, cause);
        this.sqlState = cause instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
    }

    /** An exception with a message only. */
    public TuskException(String message) {
        this(message, null);
    }

    /** The five-character SQLSTATE the server or driver reported, or null when the failure was not from SQL. */
    public String sqlState() {
        return sqlState;
    }
}
