package dev.tusk.tx;

/** The SQL isolation levels, as PostgreSQL implements them. */
public enum IsolationLevel {
    /** Behaves as READ COMMITTED in PostgreSQL. */
    READ_UNCOMMITTED("READ UNCOMMITTED"),
    /** Each statement sees data committed before it began; PostgreSQL's default. */
    READ_COMMITTED("READ COMMITTED"),
    /** The transaction sees one snapshot; conflicting writes fail with a serialization error. */
    REPEATABLE_READ("REPEATABLE READ"),
    /** As if transactions ran one at a time; conflicts fail with a serialization error (SQLSTATE 40001). */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /** The level as written in {@code SET TRANSACTION ISOLATION LEVEL …}. */
    public String sql() {
        return sql;
    }
}
