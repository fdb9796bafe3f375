package dev.tusk.pool.internal;

import dev.tusk.internal.ServerInstance;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.QueryExecutorBase;
import org.postgresql.core.TransactionState;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One real PgJDBC connection as HikariCP holds it: Tusk's identity for the connection, carrying its age, statement count
 * and idle time, and noticing the moment HikariCP closes it so that the closing can be counted by reason.
 */
final class PhysicalConnection extends DelegatingConnection implements ServerInstance {

    // PgJDBC keeps its socket stream private; reading the two fields once per connection is the only way to ask the
    // socket whether bytes are waiting without a round trip or a blocking read (PGStream.hasMessagePending may block
    // for 1ms). Null when a PgJDBC version lays them out differently: the check is then skipped, never wrong.
    private static final VarHandle PG_STREAM = field(QueryExecutorBase.class, "pgStream", PGStream.class);
    private static final VarHandle PG_INPUT = field(PGStream.class, "pgInput", null);

    /** A connection's replacement is opened when it comes within 1/50 (2%) of its use limit. */
    static final long REPLACEMENT_LEAD_DIVISOR = 50;

    private final ConnectionLedger ledger;
    private final BaseConnection driver;
    private final InputStream input;
    private final long createdNanos;
    private final String serverStartedAt;
    private final String serverTimeline;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Written by the lease holder only; HikariCP's hand-off between borrowers orders the writes, volatile lets the
    // closer and timer threads read them.
    private volatile long statements;
    private volatile long lastReleasedNanos;
    private volatile boolean leased;
    private volatile boolean failedValidation;
    private volatile Retirement retirement;
    private volatile LeasedConnection lease;
    // This connection's own maxQueriesPerConnection (the setting less its jitter), 0 for none; see useLimit().
    private final long useLimit;
    // From this many statements on, the pool opens this connection's replacement ahead of its retirement.
    private final long replaceFrom;
    // Retirement ahead of time: the pool asked for a replacement, and later learnt that one opened.
    private final AtomicBoolean replacementRequested = new AtomicBoolean();
    private volatile boolean replacementReady;

    PhysicalConnection(Connection raw, ConnectionLedger ledger, long useLimit) throws SQLException {
        super(raw);
        this.ledger = ledger;
        this.useLimit = useLimit;
        this.replaceFrom = useLimit - useLimit / REPLACEMENT_LEAD_DIVISOR;
        this.driver = raw.unwrap(BaseConnection.class);
        this.input = inputOf(driver.getQueryExecutor());
        this.createdNanos = System.nanoTime();
        this.lastReleasedNanos = createdNanos;
        String[] run = serverRunOf(raw);
        this.serverStartedAt = run[0];
        this.serverTimeline = run[1];
    }

    /**
     * One round trip per new connection, so that a lost COMMIT can later tell whether the server restarted, or whether
     * the server asked is another one promoted since (a new timeline).
     */
    private static String[] serverRunOf(Connection raw) throws SQLException {
        try (java.sql.Statement statement = raw.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(RUN_QUERY)) {
            return rows.next() ? new String[] {rows.getString(1), rows.getString(2)} : new String[2];
        }
    }

    @Override
    public String serverStartedAt() {
        return serverStartedAt;
    }

    @Override
    public String serverTimeline() {
        return serverTimeline;
    }

    @Override
    public int backendPid() {
        return driver.getBackendPID();
    }

    long createdNanos() {
        return createdNanos;
    }

    long lastReleasedNanos() {
        return lastReleasedNanos;
    }

    boolean isLeased() {
        return leased;
    }

    boolean failedValidation() {
        return failedValidation;
    }

    Retirement retirement() {
        return retirement;
    }

    /** The lease holding this connection now, or null; read by the leak detector's sweep. */
    LeasedConnection lease() {
        return lease;
    }

    void leased(LeasedConnection holder) {
        lease = holder;
        leased = true;
    }

    /** Counts one statement prepared or created on this connection, by any lease, for maxQueriesPerConnection. */
    void countStatement() {
        statements = statements + 1;
    }

    /** The statements prepared or created on this connection since it opened. */
    long statements() {
        return statements;
    }

    /**
     * The statements after which this connection retires: {@code maxQueriesPerConnection} less a random share of up to
     * a tenth drawn when it opened, so that connections opened together do not retire together; 0 for no limit.
     */
    long useLimit() {
        return useLimit;
    }

    /** Whether this connection has come near enough its use limit to have its replacement opened; two field reads. */
    boolean nearUseLimit() {
        return useLimit > 0 && statements >= replaceFrom;
    }

    /** Whether this connection has run its statements and is due to retire. */
    boolean reachedUseLimit() {
        return useLimit > 0 && statements >= useLimit;
    }

    /** Records that the pool asked for this connection's replacement; true only for the first caller. */
    boolean requestReplacement() {
        return !replacementRequested.get() && replacementRequested.compareAndSet(false, true);
    }

    /** Whether the pool asked for a replacement of this connection (and still holds a spare slot for it). */
    boolean replacementRequested() {
        return replacementRequested.get();
    }

    /** The replacement this connection waited for is open: it may now be closed without anyone waiting for a connect. */
    void replacementOpened() {
        replacementReady = true;
    }

    /** Whether this connection's replacement is open, so that it retires at its next borrow or return. */
    boolean replacementReady() {
        return replacementReady;
    }

    /** Whether HikariCP has closed (or aborted) this connection. */
    boolean hasClosed() {
        return closed.get();
    }

    void released() {
        lastReleasedNanos = System.nanoTime();
        leased = false;
        lease = null;
    }

    /**
     * Whether the session is inside a transaction (open or failed), as PgJDBC tracks it from every ReadyForQuery
     * message: a field read, no round trip, so every return can afford to ask.
     */
    boolean inTransaction() {
        return driver.getTransactionState() != TransactionState.IDLE;
    }

    /** The transaction state PgJDBC last saw, for messages. */
    TransactionState transactionState() {
        return driver.getTransactionState();
    }

    /**
     * Whether the server has reported that it no longer takes writes on this session: {@code in_hot_standby} or
     * {@code default_transaction_read_only} on, in the ParameterStatus messages PostgreSQL 14 and later send when
     * either changes (a promotion, a fencing reload). A field read, no round trip; it lags by one statement, as a
     * session applies a reloaded setting only after the statement that follows the reload.
     */
    boolean serverReportsReadOnly() {
        return "on".equalsIgnoreCase(driver.getParameterStatus("in_hot_standby"))
                || "on".equalsIgnoreCase(driver.getParameterStatus("default_transaction_read_only"));
    }

    /** Whether PgJDBC has closed the connection (after an I/O failure, say); a field read. */
    boolean isDriverClosed() {
        return driver.getQueryExecutor().isClosed();
    }

    /**
     * Runs a utility statement ({@code ROLLBACK}, {@code DISCARD ALL}) on the raw connection, beneath HikariCP's proxy
     * and outside any transaction PgJDBC would otherwise open for it when autocommit is off.
     */
    void runUtility(String sql) throws SQLException {
        driver.execSQLUpdate(sql);
    }

    /**
     * Whether this idle connection is known to be dead without asking the server: PgJDBC has closed it, or the server
     * sent something nobody asked for. An idle session receives nothing unless the server ended it (a FATAL such as
     * 57P01 after pg_terminate_backend or a shutdown, then EOF) or it LISTENs and a notification came; the second is
     * retired too, as a pooled connection has no one to read it. One {@code available()} on the socket, which never
     * blocks. Under TLS the socket cannot tell encrypted bytes apart without decrypting them, so only PgJDBC's own
     * buffer is seen.
     */
    boolean isDeadWhileIdle() {
        if (driver.getQueryExecutor().isClosed()) {
            return true;
        }
        try {
            return input != null && input.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    void retireAs(Retirement reason) {
        retirement = reason;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        try {
            boolean valid = delegate.isValid(timeout);
            if (!valid) {
                failedValidation = true;
            }
            return valid;
        } catch (SQLException | RuntimeException e) {
            failedValidation = true;
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        recordClosing();
        delegate.close();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        recordClosing();
        delegate.abort(executor);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    private static InputStream inputOf(QueryExecutor executor) {
        if (PG_STREAM == null || PG_INPUT == null || !(executor instanceof QueryExecutorBase)) {
            return null;
        }
        Object stream = PG_STREAM.get(executor);
        return stream == null ? null : (InputStream) PG_INPUT.get(stream);
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            Class<?> declared = type != null ? type : owner.getDeclaredField(name).getType();
            if (!InputStream.class.isAssignableFrom(declared) && type == null) {
                return null;
            }
            return lookup.findVarHandle(owner, name, declared);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(PhysicalConnection.class).info("Tusk cannot see PgJDBC's {}.{} ({}); connections "
                    + "killed while idle are found by HikariCP's validation instead of at borrow", owner.getSimpleName(),
                    name, e.toString());
            return null;
        }
    }

    private void recordClosing() {
        if (closed.compareAndSet(false, true)) {
            ledger.closed(this, System.nanoTime());
        }
    }
}
