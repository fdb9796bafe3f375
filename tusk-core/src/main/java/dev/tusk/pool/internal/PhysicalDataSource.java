package dev.tusk.pool.internal;

import dev.tusk.pool.ConnectionHook;
import org.postgresql.Driver;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The source HikariCP opens physical connections from: PgJDBC's driver, then the {@code afterConnect} hook, then
 * Tusk's {@link PhysicalConnection} wrapper. Credentials live in the driver properties, never in HikariCP's config.
 */
final class PhysicalDataSource implements DataSource {

    private final Driver driver = new Driver();
    private final String jdbcUrl;
    private final Properties properties;
    private final String target;
    private final ConnectionHook afterConnect;
    private final ConnectionLedger ledger;
    private volatile int loginTimeoutSeconds;

    PhysicalDataSource(String jdbcUrl, Properties properties, String target, ConnectionHook afterConnect,
                       ConnectionLedger ledger) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.target = target;
        this.afterConnect = afterConnect;
        this.ledger = ledger;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection raw = driver.connect(jdbcUrl, properties);
        if (raw == null) {
            throw new SQLException("PgJDBC does not accept the URL " + jdbcUrl, "08001");
        }
        if (afterConnect != ConnectionHook.NONE) {
            try {
                afterConnect.apply(raw);
            } catch (Exception e) {
                closeQuietly(raw);
                throw new HookFailure("the afterConnect hook failed on a new connection to " + target + ": " + e, e);
            }
        }
        PhysicalConnection connection;
        try {
            connection = new PhysicalConnection(raw, ledger);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
        ledger.opened(connection);
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Tusk's pool connects as the configured user only");
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
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
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
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // The hook's failure is what the caller needs to hear about.
        }
    }
}
