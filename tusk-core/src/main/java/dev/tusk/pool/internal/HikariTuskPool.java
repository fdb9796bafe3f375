package dev.tusk.pool.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.tusk.ClientClosedException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.internal.Errors;
import dev.tusk.pool.ConnectionHook;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.PoolStats;
import dev.tusk.pool.TuskPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** {@link TuskPool} on HikariCP: HikariCP lends and maintains connections, this class adds what it lacks around it. */
public final class HikariTuskPool implements TuskPool {

    private static final Logger LOG = LoggerFactory.getLogger(TuskPool.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long CLOSE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long one wait inside HikariCP lasts before the acquire looks for a permanent failure to connect. */
    private static final long ACQUIRE_SLICE_MILLIS = 100;
    /** The least time between two evictions of every connection; see {@link TuskPool#evictAll(String)}. */
    public static final long EVICTION_GAP_MILLIS = 100;

    private final String name;
    private final TuskConfig config;
    private final PoolHooks hooks;
    private final String target;
    private final ConnectionLedger ledger;
    private final PhysicalDataSource physicalSource;
    private final HikariDataSource hikari;
    private final HikariPool engine;
    private final AcquireTimes acquireTimes = new AcquireTimes();
    private final LongAdder acquireTimeouts = new LongAdder();
    private final LongAdder cleanReturnRollbacks = new LongAdder();
    private final boolean resetsSession;
    private final Exhaustion exhaustion;
    private final LeakDetector leaks;
    private final DataSource dataSource;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong lastEvictionNanos = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder evictions = new LongAdder();
    private final ExhaustionWarnings exhaustionWarnings;
    private final boolean wantsWriter;
    // Retirement ahead of time (see requestReplacement): HikariCP's size limits are raised by one spare slot per
    // connection waiting for its replacement, and lowered again as each such connection closes.
    private final Object spareLock = new Object();
    private final java.util.ArrayDeque<PhysicalConnection> awaitingReplacement = new java.util.ArrayDeque<>();
    private final java.util.Set<PhysicalConnection> holdingSpare =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int spares;
    private int baseMinimumIdle;
    // Retirees already closed whose replacement is still opening: the pool is that many connections short.
    private volatile int closedBeforeReplacement;

    private HikariTuskPool(TuskConfig config, PoolHooks hooks) {
        this.name = config.applicationName() + "-" + SEQUENCE.incrementAndGet();
        this.config = config;
        this.hooks = hooks;
        this.target = config.serverList() + "/" + config.database();
        this.wantsWriter = config.targetSessionAttrs() == TargetSessionAttrs.READ_WRITE
                || config.targetSessionAttrs() == TargetSessionAttrs.PRIMARY;
        // Behind PgBouncer in transaction mode the next statement may land on another server connection, so a reset
        // would clear some other client's session (and PgBouncer's own prepared-statement tracking) instead of ours.
        this.resetsSession = config.resetOnReturn() && !config.pgbouncer();
        this.ledger = new ConnectionLedger(config.maxLifetime(), config.idleTimeout());
        this.dataSource = new PoolDataSource(this, HikariPools.ceilSeconds(config.acquireTimeout()));
        this.physicalSource = new PhysicalDataSource(config.jdbcUrl(), HikariPools.driverProperties(config),
                new ConnectFailure.Endpoint(config.servers(), config.database(), config.user(),
                        new TlsRefusal.Tls(config.sslMode(), config.sslRootCert(), config.sslKey(),
                                config.channelBinding(), config.sslNegotiation())),
                config.connectTimeout(), hooks.afterConnect(), ledger, config.credentials(), PoolerCheck.of(config),
                config.maxQueriesPerConnection());
        this.baseMinimumIdle = HikariPools.warmsUp(config) ? 0 : config.poolMinSize();
        ledger.observe(new ConnectionLedger.Observer() {
            @Override
            public void opened(PhysicalConnection connection) {
                replacementOpened();
            }

            @Override
            public void closed(PhysicalConnection connection) {
                retireeClosed(connection);
            }
        });
        this.hikari = new HikariDataSource(HikariPools.hikariConfig(config, name, physicalSource));
        this.engine = (HikariPool) hikari.getHikariPoolMXBean();
        this.exhaustion = new Exhaustion(Exhaustion.waitThreshold(config.acquireTimeout()),
                () -> engine.getThreadsAwaitingConnection() > 0);
        this.leaks = new LeakDetector(name, config.leakDetectionThreshold(), hooks.listener(), ledger);
        this.exhaustionWarnings = new ExhaustionWarnings(name, exhaustion, hooks.listener(), this::stats);
    }

    /** Opens a pool for {@code config}; see {@link TuskPool#open(TuskConfig, PoolHooks)}. */
    public static HikariTuskPool open(TuskConfig config, PoolHooks hooks) {
        Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(hooks, "hooks must not be null; use PoolHooks.NONE");
        HikariPools.checkSettings(config);
        HikariTuskPool pool = new HikariTuskPool(config, hooks);
        if (HikariPools.warmsUp(config)) {
            try {
                pool.warmUp();
            } catch (RuntimeException e) {
                pool.leaks.close();
                pool.ledger.shutDown();
                pool.physicalSource.close();
                pool.hikari.close();
                throw e;
            }
            pool.setBaseMinimumIdle(config.poolMinSize());
        }
        return pool;
    }

    /**
     * Runs {@code listener} on the connecting thread each time the pool opens a new connection to the server; returns
     * how many it opened before (while warming up), which the listener does not hear about.
     */
    public long whenConnectionOpens(Runnable listener) {
        return ledger.whenOpened(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Connection acquire() {
        return acquire(config.acquireTimeout());
    }

    @Override
    public Connection acquire(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("acquire timeout must be positive, but was " + timeout);
        }
        ensureOpen();
        long started = System.nanoTime();
        Connection proxy;
        PhysicalConnection physical;
        while (true) {
            try {
                proxy = borrow(started, timeout.toMillis());
            } catch (SQLException e) {
                throw acquireFailure(e, timeout);
            }
            physical = physicalOf(proxy);
            if (physical.replacementReady() && physical.reachedUseLimit()) {
                // Past its limit, and its replacement is open in the pool: retiring it now costs this borrower one
                // more turn in HikariCP's bag, never a connect.
                physical.retireAs(Retirement.MAX_USES);
                engine.evictConnection(proxy);
                closeQuietly(proxy);
                continue;
            }
            // HikariCP validates only connections idle for over 500ms; one the server ended just before would fail
            // the caller's first statement. A dead one costs nothing to spot here: lend another within the same wait.
            boolean dead = physical.isDeadWhileIdle();
            if (!dead && wantsWriter && physical.serverReportsReadOnly()) {
                // A server that reports it takes no writes is no longer the primary the pool wants: none of the
                // connections to it may stay. Two map reads in PgJDBC, no round trip.
                evictAll("a pooled connection's server reports it is read-only now (in_hot_standby or "
                        + "default_transaction_read_only on), as a demoted or fenced primary is after a failover");
            } else if (!dead) {
                break;
            }
            physical.retireAs(Retirement.BROKEN);
            engine.evictConnection(proxy);
            closeQuietly(proxy);
        }
        long taken = System.nanoTime();
        if (hooks.beforeAcquire() != ConnectionHook.NONE) {
            runBeforeAcquire(proxy, physical);
        }
        acquireTimes.record(taken - started);
        LeasedConnection lease = new LeasedConnection(proxy, physical, this, taken, leaks.captureSite());
        physical.leased(lease);
        if (exhaustion.leased(taken - started)) {
            exhaustionWarnings.episodeBegan(taken - started);
        }
        return lease;
    }

    /** Takes back {@code lease}: hooks, statement count, retirement, and only then HikariCP's own return. */
    void release(LeasedConnection lease, boolean wasReportedAsLeak) {
        Connection proxy = lease.hikariProxy();
        try {
            leaks.returned(lease, wasReportedAsLeak);
            PhysicalConnection physical = lease.physical();
            Retirement retirement = cleanUp(lease, physical);
            if (retirement == null && hooks.afterRelease() != ConnectionHook.NONE) {
                retirement = runAfterRelease(proxy);
            }
            // Checked at return, never mid-lease: a transaction is not cut short by the limit, it only ends the
            // connection's life once the transaction is over.
            if (retirement == null && physical.nearUseLimit()) {
                retirement = retireOrReplace(physical);
            }
            physical.released();
            if (retirement != null) {
                physical.retireAs(retirement);
                // While the proxy is still open, HikariCP closes the connection at once instead of lending it again.
                engine.evictConnection(proxy);
            }
        } finally {
            // Counted back before HikariCP can hand the connection to a waiter, so leases out never exceed the maximum.
            exhaustion.returned();
            closeQuietly(proxy);
        }
    }

    /**
     * What to do with a returned connection near or past its use limit, so that no borrower ever waits for a connect
     * because of it. Near the limit its replacement is asked for (once), to be opened in the background. Past the
     * limit it retires at once if that replacement is open, or if another connection is idle and no other retiree is
     * still waiting for its replacement (the idle one serves the next borrower while HikariCP opens one); otherwise it is lent again until its replacement is open, and retires at the
     * first borrow or return after that. Returns MAX_USES to retire it now, null to keep it.
     */
    private Retirement retireOrReplace(PhysicalConnection physical) {
        if (physical.requestReplacement()) {
            requestReplacement(physical);
        }
        // Retiring on an idle connection leaves the pool one short until the replacement opens; only one at a time, so
        // that retirements close together cannot drain the pool and make borrowers wait for the connects.
        if (physical.reachedUseLimit() && (physical.replacementReady()
                || (closedBeforeReplacement == 0 && engine.getIdleConnections() > 0))) {
            return Retirement.MAX_USES;
        }
        return null;
    }

    /**
     * Opens a replacement for {@code retiree} before it closes: one more slot in HikariCP's maximum and minimum-idle,
     * then a nudge to HikariCP's connection creator, which opens it on its own thread as it does any fill. The pool
     * thus holds one connection over {@code poolMaxSize} from then until the retiree closes.
     */
    private void requestReplacement(PhysicalConnection retiree) {
        synchronized (spareLock) {
            if (closed.get()) {
                return;
            }
            awaitingReplacement.add(retiree);
            holdingSpare.add(retiree);
            spares++;
            resizeLocked();
        }
        engine.addBagItem(1);
    }

    /**
     * A connection opened: the oldest retiree still waiting for a replacement may now go; if it has already closed
     * (retired while another connection was idle), this was its replacement and its spare slot is given back.
     */
    private void replacementOpened() {
        synchronized (spareLock) {
            PhysicalConnection retiree = awaitingReplacement.poll();
            if (retiree != null) {
                retiree.replacementOpened();
                if (retiree.hasClosed()) {
                    closedBeforeReplacement--;
                    releaseSpareLocked(retiree);
                }
            }
        }
    }

    /**
     * A connection closed: if it held a spare slot whose replacement is open, give the slot back, before HikariCP's
     * fill that follows every closing, so that the fill does not open a connection over {@code poolMaxSize}. One whose
     * replacement is still opening keeps the slot until it opens (see replacementOpened): given back now, the opening
     * connection would land over the lowered maximum and stay.
     */
    private void retireeClosed(PhysicalConnection connection) {
        if (!connection.replacementRequested()) {
            return;
        }
        synchronized (spareLock) {
            if (!awaitingReplacement.contains(connection)) {
                releaseSpareLocked(connection);
            } else {
                closedBeforeReplacement++;
            }
        }
    }

    private void releaseSpareLocked(PhysicalConnection retiree) {
        if (holdingSpare.remove(retiree)) {
            spares--;
            resizeLocked();
        }
    }

    private void setBaseMinimumIdle(int minimumIdle) {
        synchronized (spareLock) {
            baseMinimumIdle = minimumIdle;
            resizeLocked();
        }
    }

    private void resizeLocked() {
        com.zaxxer.hikari.HikariConfigMXBean settings = hikari.getHikariConfigMXBean();
        int maximum = config.poolMaxSize() + spares;
        int minimumIdle = Math.min(baseMinimumIdle + spares, maximum);
        // Raised maximum first and lowered it last, so that the minimum never exceeds the maximum in between.
        if (maximum >= settings.getMaximumPoolSize()) {
            settings.setMaximumPoolSize(maximum);
            settings.setMinimumIdle(minimumIdle);
        } else {
            settings.setMinimumIdle(minimumIdle);
            settings.setMaximumPoolSize(maximum);
        }
    }

    /**
     * Makes a returned connection fit for the next borrower: rolls back a transaction the lease left open or failed
     * (HikariCP rolls back only when autocommit is off, so a stray {@code BEGIN} under autocommit would reach the next
     * borrower), and with {@code resetOnReturn} discards the session's state. A clean return costs no round trip, as
     * PgJDBC already knows the transaction state. Returns BROKEN when the connection cannot be made clean.
     */
    private Retirement cleanUp(LeasedConnection lease, PhysicalConnection physical) {
        if (physical.isDriverClosed()) {
            return Retirement.BROKEN;
        }
        if (physical.inTransaction()) {
            cleanReturnRollbacks.increment();
            String sql = lease.lastSql();
            LOG.warn("pool {}: a connection to {} came back inside a transaction ({}) that its borrower neither "
                            + "committed nor rolled back; rolling it back before lending it again. Last statement "
                            + "prepared on that lease: {}", name, target, physical.transactionState(),
                    sql == null ? "(none recorded)" : Errors.abbreviate(sql));
            try {
                physical.runUtility("ROLLBACK");
            } catch (SQLException | RuntimeException e) {
                LOG.warn("pool {}: the rollback of a returned connection to {} failed ({}); discarding the connection",
                        name, target, e.getMessage());
                return Retirement.BROKEN;
            }
        }
        if (resetsSession) {
            try {
                physical.runUtility("DISCARD ALL");
            } catch (SQLException | RuntimeException e) {
                LOG.warn("pool {}: DISCARD ALL on a returned connection to {} failed ({}); discarding the connection",
                        name, target, e.getMessage());
                return Retirement.BROKEN;
            }
        }
        return null;
    }

    @Override
    public boolean evictAll(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("evictAll needs a reason for the log, but was " + reason);
        }
        long now = System.nanoTime();
        long last = lastEvictionNanos.get();
        if (evictions.sum() > 0 && now - last < TimeUnit.MILLISECONDS.toNanos(EVICTION_GAP_MILLIS)) {
            return false;
        }
        if (!lastEvictionNanos.compareAndSet(last, now)) {
            return false;
        }
        evictions.increment();
        PoolStats stats = stats();
        LOG.warn("pool {}: {}; retiring its {} connection(s) to {} ({} idle now, {} lent as they come back) so that "
                        + "new ones go to the listed server that now matches targetSessionAttrs={}", name, reason,
                stats.size(), target, stats.idle(), stats.active(), config.targetSessionAttrs().libpqName());
        engine.softEvictConnections();
        return true;
    }

    /** How many times {@link #evictAll(String)} retired every connection. */
    public long evictions() {
        return evictions.sum();
    }

    @Override
    public PoolStats stats() {
        int maximum = config.poolMaxSize();
        int active = engine.getActiveConnections();
        AcquireTimes.Percentiles times = acquireTimes.percentiles();
        return new PoolStats(engine.getTotalConnections(), active, engine.getIdleConnections(),
                engine.getThreadsAwaitingConnection(), maximum, active * 100.0 / maximum, acquireTimes.count(), times.p50(),
                times.p99(), acquireTimeouts.sum(), leaks.potentialLeaks(), exhaustion.episodes(), ledger.created(),
                ledger.retiredLifetime(), ledger.retiredMaxUses(), ledger.retiredBroken(), ledger.retiredIdle(),
                // The pool does not see statements; the client adds its own counts (TuskClient.poolStats).
                cleanReturnRollbacks.sum(), 0, 0, 0);
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
        while (exhaustion.active() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(CLOSE_POLL_NANOS);
        }
        if (exhaustion.active() > 0) {
            LOG.warn("pool {}: closing with {} connection(s) still lent after the grace period of {}ms; aborting them",
                    name, exhaustion.active(), config.shutdownGracePeriod().toMillis());
        }
        leaks.close();
        ledger.shutDown();
        physicalSource.close();
        hikari.close();
    }

    @Override
    public String toString() {
        return "TuskPool[" + name + " " + target + " " + stats().summary() + "]";
    }

    private void warmUp() {
        Duration budget = config.acquireTimeout().compareTo(config.connectTimeout()) >= 0
                ? config.acquireTimeout() : config.connectTimeout();
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        int validationSeconds = HikariPools.ceilSeconds(HikariPools.validationTimeout(config));
        List<Connection> opened = new ArrayList<>(config.poolMinSize());
        try {
            // Holding each connection makes HikariCP open the next one instead of lending the same one again.
            while (opened.size() < config.poolMinSize()) {
                Connection connection = borrow(started, TimeUnit.NANOSECONDS.toMillis(deadline - started));
                opened.add(connection);
                if (!connection.isValid(validationSeconds)) {
                    throw new SQLException("a new connection failed validation", "08006");
                }
            }
        } catch (SQLException e) {
            String context = "pool " + name + " could not open its minimum of " + config.poolMinSize()
                    + " connections to " + target;
            throw ConnectFailures.describe(e instanceof ConnectFailure ? context
                    : context + " within " + budget.toMillis() + "ms " + stats().summary(), e);
        } finally {
            opened.forEach(HikariTuskPool::closeQuietly);
        }
        LOG.debug("pool {}: warmed up with {} connections to {}", name, opened.size(), target);
    }

    /**
     * HikariCP's {@code getConnection}, waiting in slices of {@value #ACQUIRE_SLICE_MILLIS}ms so that a permanent failure
     * to connect (wrong password, missing database, ...) reaches the caller within a slice of happening instead of at
     * the end of the timeout, as HikariCP reports it. An idle connection is lent by the first call, at no extra cost.
     */
    private Connection borrow(long startedNanos, long timeoutMillis) throws SQLException {
        long deadline = startedNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long sliceMillis = Math.min(timeoutMillis, ACQUIRE_SLICE_MILLIS);
        while (true) {
            try {
                return engine.getConnection(sliceMillis);
            } catch (SQLTransientConnectionException timedOut) {
                ConnectFailure permanent = physicalSource.permanentFailureSince(startedNanos);
                if (permanent != null) {
                    throw permanent;
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    throw timedOut;
                }
                sliceMillis = Math.min(remainingMillis, ACQUIRE_SLICE_MILLIS);
            }
        }
    }

    private TuskException acquireFailure(SQLException failure, Duration timeout) {
        if (closed.get()) {
            return closedFailure();
        }
        if (failure instanceof ConnectFailure permanent) {
            return ConnectFailures.describe("pool " + name + " could not open a connection to " + target, permanent);
        }
        if (!(failure instanceof SQLTransientConnectionException)) {
            return Errors.translate(failure, null, Errors.Phase.CONNECT);
        }
        acquireTimeouts.increment();
        PoolStats stats = stats();
        // HikariCP's timeout carries the last failure to open a connection, or none when every connection was busy.
        if (failure.getCause() == null && stats.active() >= stats.maximum()) {
            return new PoolExhaustedException("pool " + name + ": no connection available within " + timeout.toMillis()
                    + "ms " + stats.summary() + "; raise poolMaxSize or acquireTimeout, or look for slow or leaked "
                    + "leases (potentialLeaks=" + stats.potentialLeaks() + ")", failure, stats);
        }
        return ConnectFailures.describe("pool " + name + " could not open a connection to " + target + " within "
                + timeout.toMillis() + "ms " + stats.summary(), failure);
    }

    private void runBeforeAcquire(Connection proxy, PhysicalConnection physical) {
        try {
            hooks.beforeAcquire().apply(proxy);
        } catch (Exception e) {
            physical.retireAs(Retirement.BROKEN);
            engine.evictConnection(proxy);
            closeQuietly(proxy);
            throw new ConnectionException("pool " + name + ": the beforeAcquire hook failed on a connection to " + target
                    + ", which was discarded: " + e, e, ServerError.NONE, false);
        }
    }

    /** Runs the afterRelease hook; returns the retirement it calls for, or null when it succeeded. */
    private Retirement runAfterRelease(Connection proxy) {
        try {
            // The hook sees a connection outside any transaction, as the next borrower will.
            if (!proxy.getAutoCommit()) {
                proxy.rollback();
            }
            hooks.afterRelease().apply(proxy);
            return null;
        } catch (Exception e) {
            LOG.warn("pool {}: the afterRelease hook failed; discarding the connection instead of lending it again",
                    name, e);
            return Retirement.BROKEN;
        }
    }

    private PhysicalConnection physicalOf(Connection proxy) {
        try {
            return proxy.unwrap(PhysicalConnection.class);
        } catch (SQLException e) {
            closeQuietly(proxy);
            throw new IllegalStateException("pool " + name + " lent a connection it did not open", e);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedFailure();
        }
    }

    private ClientClosedException closedFailure() {
        return new ClientClosedException("pool " + name + " is closed and lends no more connections");
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // A failure to return (e.g. the rollback of a broken connection) leaves HikariCP to evict it.
            LOG.debug("returning a connection failed", e);
        }
    }
}
