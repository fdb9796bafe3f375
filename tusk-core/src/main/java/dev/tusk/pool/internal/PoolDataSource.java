package dev.tusk.pool.internal;

import dev.tusk.TuskException;
import dev.tusk.pool.TuskPool;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Logger;

/**
 * A Tusk pool seen as a standard {@link DataSource}, so that Flyway, jOOQ, Jdbi or Spring borrow through the same
 * path as Tusk itself (hooks, use limits, leak and exhaustion accounting), with failures turned back into
 * {@link SQLException}s that keep the Tusk exception as their cause.
 */
final class PoolDataSource implements DataSource {

    private final TuskPool pool;
    private final int loginTimeoutSeconds;

    PoolDataSource(TuskPool pool, int loginTimeoutSeconds) {
        this.pool = pool;
        this.loginTimeoutSeconds = loginTimeoutSeconds;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return pool.acquire();
        } catch (TuskException e) {
            throw e.isTransient()
                    ? new SQLTransientConnectionException(e.getMessage(), e.sqlState(), e)
                    : new SQLException(e.getMessage(), e.sqlState(), e);
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool " + pool.name() + " lends connections of its configured user only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Tusk logs through SLF4J.
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("pool " + pool.name() + " takes its timeouts from TuskConfig");
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Tusk logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(pool)) {
            return iface.cast(pool);
        }
        throw new SQLException("pool " + pool.name() + " is not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(pool);
    }

    @Override
    public String toString() {
        return "DataSource of " + pool;
    }
}
