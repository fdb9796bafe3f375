package dev.tusk.pool.internal;

import dev.tusk.config.Credentials;
import dev.tusk.config.internal.JdbcProperties;
import dev.tusk.config.CredentialsProvider;
import dev.tusk.pool.ConnectionHook;
import org.postgresql.Driver;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The source HikariCP opens physical connections from: PgJDBC's driver, then the {@code afterConnect} hook, then
 * Tusk's {@link PhysicalConnection} wrapper. Credentials live in the driver properties, never in HikariCP's config.
 *
 * <p>Each failure to connect is sorted ({@link ConnectFailure.Kind}). A permanent one is recorded, so that callers
 * waiting for a connection hear about it at once instead of at the end of their acquire timeout. A server that is not
 * accepting yet (restarting, recovering) is tried again here every {@value #NOT_READY_RETRY_MILLIS}ms for up to
 * {@code connectTimeout}: HikariCP's own creator backs off exponentially to 5s between attempts, which would keep
 * callers waiting seconds after the server is back. HikariCP opens connections on one thread, so this paces the
 * attempts to one per interval and never opens more than the pool's maximum.
 */
final class PhysicalDataSource implements DataSource {

    static final long NOT_READY_RETRY_MILLIS = 50;

    private final Driver driver = new Driver();
    private final String jdbcUrl;
    private final Properties properties;
    private final String target;
    private final ConnectFailure.Endpoint endpoint;
    private final long connectTimeoutNanos;
    private final ConnectionHook afterConnect;
    private final ConnectionLedger ledger;
    private final CredentialsProvider credentials;
    private final PoolerCheck poolerCheck;
    private final long maxUses;
    private volatile int loginTimeoutSeconds;
    private volatile RecordedFailure lastPermanentFailure;
    private volatile boolean closed;

    /** A permanent failure to connect and when the attempt that met it began. */
    record RecordedFailure(ConnectFailure failure, long attemptStartedNanos) {
    }

    PhysicalDataSource(String jdbcUrl, Properties properties, ConnectFailure.Endpoint endpoint, Duration connectTimeout,
                       ConnectionHook afterConnect, ConnectionLedger ledger, CredentialsProvider credentials,
                       PoolerCheck poolerCheck, long maxUses) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.endpoint = endpoint;
        this.target = endpoint.serverList() + "/" + endpoint.database();
        this.connectTimeoutNanos = connectTimeout.toNanos();
        this.afterConnect = afterConnect;
        this.ledger = ledger;
        this.credentials = credentials;
        this.poolerCheck = poolerCheck;
        this.maxUses = maxUses;
    }

    /**
     * A new connection's own use limit: {@code maxUses} less a random 0 to 10%, so that connections opened together
     * (at warm-up, or after a restart) reach their limits thousands of statements apart instead of in one wave.
     */
    static long jitteredUseLimit(long maxUses) {
        if (maxUses <= 0) {
            return 0;
        }
        return maxUses - java.util.concurrent.ThreadLocalRandom.current().nextLong(maxUses / 10 + 1);
    }

    /** The login of one attempt: the driver properties to send and the endpoint to name in its failure. */
    private record Login(Properties properties, ConnectFailure.Endpoint endpoint) {
    }

    /**
     * The most recent permanent failure to connect if the attempt that met it began at or after {@code sinceNanos},
     * else null. An attempt already under way may have raced a fix on the server (a role or database just created),
     * so only one that began after the caller started waiting speaks for the server as the caller finds it.
     */
    ConnectFailure permanentFailureSince(long sinceNanos) {
        RecordedFailure recorded = lastPermanentFailure;
        return recorded != null && recorded.attemptStartedNanos() - sinceNanos >= 0 ? recorded.failure() : null;
    }

    /** Stops retrying a server that is not ready, as the pool is closing. */
    void close() {
        closed = true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + connectTimeoutNanos;
        while (true) {
            long attemptStarted = System.nanoTime();
            Connection raw;
            Login login = null;
            try {
                login = login();
                raw = connectRaw(login.properties());
            } catch (SQLException e) {
                ConnectFailure failure = e instanceof ConnectFailure provider ? provider
                        : ConnectFailure.of(e, login.endpoint(), ledger.created() > 0);
                if (failure.kind() == ConnectFailure.Kind.PERMANENT) {
                    lastPermanentFailure = new RecordedFailure(failure, attemptStarted);
                    throw failure;
                }
                if (failure.kind() != ConnectFailure.Kind.NOT_READY || closed
                        || deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(NOT_READY_RETRY_MILLIS)) {
                    throw failure;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(NOT_READY_RETRY_MILLIS));
                if (Thread.currentThread().isInterrupted()) {
                    throw failure;
                }
                continue;
            }
            return wrap(raw);
        }
    }

    /**
     * The configured login, or the one the credentials provider hands out now: asked once per attempt, so a rotated
     * password or a fresh token is used by every connection opened after it changed.
     */
    private Login login() throws ConnectFailure {
        if (credentials == null) {
            return new Login(properties, endpoint);
        }
        Credentials given;
        try {
            given = credentials.credentials();
        } catch (Exception | LinkageError e) {
            throw ConnectFailure.credentialsFailed(endpoint, e);
        }
        if (given == null) {
            throw ConnectFailure.credentialsFailed(endpoint, null);
        }
        Properties attempt = JdbcProperties.withLogin(properties, given);
        return new Login(attempt, given.user() == null ? endpoint : endpoint.as(given.user()));
    }

    private Connection connectRaw(Properties login) throws SQLException {
        Connection raw = driver.connect(jdbcUrl, login);
        if (raw == null) {
            throw new SQLException("PgJDBC does not accept the URL " + jdbcUrl, "08001");
        }
        return raw;
    }

    private Connection wrap(Connection raw) throws SQLException {
        if (poolerCheck != null) {
            try {
                poolerCheck.check(raw, endpoint);
            } catch (ConnectFailure e) {
                closeQuietly(raw);
                lastPermanentFailure = new RecordedFailure(e, System.nanoTime());
                throw e;
            }
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
            connection = new PhysicalConnection(raw, ledger, jitteredUseLimit(maxUses));
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
