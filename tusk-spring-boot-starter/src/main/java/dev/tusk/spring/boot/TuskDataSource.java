package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import dev.tusk.tx.Transaction;
import org.springframework.core.InfrastructureProxy;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The application's {@link DataSource}: Tusk's pool ({@code client.dataSource()}), except that inside
 * {@code client.inTransaction} it hands out that transaction's connection, so Spring JDBC there runs in Tusk's
 * transaction instead of a second one. Such a connection ignores {@code close()} and refuses to commit, roll back
 * or change autocommit: {@code inTransaction} ends the transaction when its callback returns. As an
 * {@link InfrastructureProxy} it is the same transaction key as the pool's own DataSource.
 */
public final class TuskDataSource implements DataSource, InfrastructureProxy {

    // What would end or change Tusk's transaction behind its back; savepoints stay allowed.
    private static final Set<String> REFUSED = Set.of("commit", "setAutoCommit", "setTransactionIsolation",
            "setReadOnly", "abort");

    private final TuskClient client;
    private final DataSource pool;

    /** The DataSource of {@code client}'s pool. */
    public TuskDataSource(TuskClient client) {
        this.client = client;
        this.pool = client.dataSource();
    }

    /** The client whose pool this is. */
    public TuskClient client() {
        return client;
    }

    @Override
    public Object getWrappedObject() {
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Optional<Transaction> open = client.currentTransaction();
        return open.isPresent() ? inTransaction(open.get().connection()) : pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.getConnection(username, password);
    }

    private static Connection inTransaction(Connection connection) {
        return (Connection) Proxy.newProxyInstance(TuskDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    String name = method.getName();
                    if (name.equals("close")) {
                        return null;
                    }
                    if (name.equals("rollback") && (arguments == null || arguments.length == 0)
                            || REFUSED.contains(name)) {
                        throw new SQLException("Connection." + name + " was called on the connection of an open "
                                + "client.inTransaction (through the Spring DataSource, inside its callback); Tusk "
                                + "commits or rolls back that transaction when the callback returns or throws. Throw "
                                + "from the callback to roll back, or start the Spring transaction outside "
                                + "client.inTransaction", "25000");
                    }
                    try {
                        return method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "TuskDataSource[" + client + "]";
    }
}
