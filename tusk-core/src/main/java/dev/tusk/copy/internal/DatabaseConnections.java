package dev.tusk.copy.internal;

import dev.tusk.Database;
import dev.tusk.internal.Connections;
import dev.tusk.internal.ServerSession;
import dev.tusk.tx.ConnectionCallback;

import java.sql.Connection;
import java.util.function.Function;
import dev.tusk.trace.TuskTracer;

/**
 * {@link Connections} over any {@link Database}, for a COPY started from a {@code Database} the caller holds: it lends
 * through {@link Database#withConnection}, which for a Tusk client is the client's own seam.
 */
public final class DatabaseConnections implements Connections {

    private final Database database;

    /** Connections lent by {@code database}. */
    public DatabaseConnections(Database database) {
        this.database = database;
    }

    @Override
    public <R, X extends Exception> R lend(String sql, ConnectionCallback<R, X> work) throws X {
        return database.withConnection(work);
    }

    @Override
    public Connection borrow(String sql) {
        throw new UnsupportedOperationException("a Database lends connections only for the length of a call");
    }

    @Override
    public void giveBack(Connection connection) {
        throw new UnsupportedOperationException("a Database lends connections only for the length of a call");
    }

    @Override
    public boolean messagesShowValues() {
        return Connections.messagesShowValues(database);
    }

    @Override
    public ServerSession serverSession() {
        return Connections.serverSessionOf(database);
    }

    @Override
    public TuskTracer tracer() {
        return Connections.tracerOf(database);
    }

    @Override
    public boolean inTransaction() {
        return false;
    }

    @Override
    public <R> R atomically(Function<Connections, R> work) {
        return database.inTransaction(transaction -> work.apply((Connections) transaction));
    }
}
