package dev.tusk;

/**
 * A statement that needs a server session of its own ({@code LISTEN}, a session-level {@code SET}, a session advisory
 * lock, …) was refused before anything was sent, because the client runs behind PgBouncer in transaction mode
 * ({@code pgbouncer=true}), where a server connection belongs to a client only for one transaction. Never transient:
 * the same statement is refused again. SQLSTATE {@code 0A000} (feature not supported), set by Tusk.
 */
public final class SessionRequiredException extends QueryException {

    private static final long serialVersionUID = 1L;

    private final String statementKind;

    /** An exception for a statement of {@code statementKind}, such as {@code LISTEN} or {@code SET without LOCAL}. */
    public SessionRequiredException(String statementKind, String message) {
        super(message, null, ServerError.ofSqlState("0A000"), false);
        this.statementKind = statementKind;
    }

    /** What kind of statement was refused, such as {@code LISTEN} or {@code session advisory lock (pg_advisory_lock)}. */
    public String statementKind() {
        return statementKind;
    }
}
