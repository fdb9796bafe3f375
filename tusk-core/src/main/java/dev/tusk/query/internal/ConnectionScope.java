package dev.tusk.query.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/** Where a {@link StatementRunner} gets its connection: a fresh lease per call, or the one of an open transaction. */
public interface ConnectionScope {

    /** A connection to run one operation on. */
    Connection borrow() throws SQLException;

    /** Gives back a connection from {@link #borrow()}. */
    void giveBack(Connection connection) throws SQLException;

    /** Whether borrowed connections are already inside a transaction (autocommit off). */
    boolean inTransaction();

    /** Runs {@code work} atomically on a scope of its own: a new transaction, or a savepoint of the open one. */
    <R> R atomically(Function<ConnectionScope, R> work);
}
