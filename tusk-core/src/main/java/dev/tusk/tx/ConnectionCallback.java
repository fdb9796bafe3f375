package dev.tusk.tx;

import java.sql.Connection;

/** Work done with a raw JDBC connection that returns a value; may throw the caller's own checked exception. */
@FunctionalInterface
public interface ConnectionCallback<R, X extends Exception> {

    /** Does the work on {@code connection}, which goes back to the pool afterwards. */
    R withConnection(Connection connection) throws X;
}
