package dev.tusk.internal;

import dev.tusk.ConnectionException;
import dev.tusk.DeadlockException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.SerializationFailureException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.TuskPool;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.routing.internal.Lsn;
import dev.tusk.routing.internal.ReplicaRouter;
import dev.tusk.security.TenantContext;
import dev.tusk.tx.AmbientTransaction;
import dev.tusk.tx.Transaction;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.CommitLost;
import dev.tusk.tx.internal.CommitResolver;
import dev.tusk.tx.internal.TransactionHandle;
import dev.tusk.tx.internal.Transactions;

import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.ResilienceStats;
import dev.tusk.resilience.RetryPolicy;
import dev.tusk.resilience.internal.Breaker;
import dev.tusk.resilience.internal.Failures;
import dev.tusk.resilience.internal.Retrier;
import dev.tusk.trace.TuskTracer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a client's handles share: where connections come from, and the transaction open on each thread (so nested
 * calls join it instead of taking a second connection). Runs transactions again after failures that rolled them back,
 * and resolves COMMITs whose acknowledgement was lost.
 */
public final class ClientCore {

    private final TuskPool pool;
    private final TuskConfig config;
    private final QueryContext context;
    private final TuskTracer tracer;
    private final CommitResolver commits;
    private final Retrier retrier;
    private final Breaker breaker;
    private final boolean writesNeedPrimary;
    private final boolean severalServers;
    private final LongAdder transactionReruns = new LongAdder();
    private final LongAdder commitsResolved = new LongAdder();
    private final LongAdder commitOutcomesUnknown = new LongAdder();
    private final ThreadLocal<TransactionHandle> openTransaction = new ThreadLocal<>();
    private final PooledConnections writable = new PooledConnections(this, false);
    private final PooledConnections readOnly = new PooledConnections(this, true);
    private final ReplicaRouter replicas;
    private final boolean readYourWrites;
    private final AmbientTransaction ambient;
    // Whether this thread's latest read-only lease went to a replica, so its failure is not read as the primary's.
    private final ThreadLocal<Boolean> lastReadOnReplica = ThreadLocal.withInitial(() -> Boolean.FALSE);
    // The primary's WAL position after this thread's latest call on it, for read-your-writes; 0 for none.
    private final ThreadLocal<long[]> lastWriteLsn = ThreadLocal.withInitial(() -> new long[1]);

    /** A core lending connections from {@code pool}; the pool refuses work once it is closing. */
    public ClientCore(TuskPool pool, TuskConfig config, QueryContext context) {
        this(pool, config, context, null);
    }

    /**
     * A core lending connections from {@code pool}, and for read-only work from {@code replicas} when not null; the
     * pool refuses work once it is closing.
     */
    public ClientCore(TuskPool pool, TuskConfig config, QueryContext context, ReplicaRouter replicas) {
        this(pool, config, context, replicas, AmbientTransaction.NONE);
    }

    /**
     * A core as {@link #ClientCore(TuskPool, TuskConfig, QueryContext, ReplicaRouter)}, whose top-level transactions
     * join the outside transaction {@code ambient} reports open on the calling thread.
     */
    public ClientCore(TuskPool pool, TuskConfig config, QueryContext context, ReplicaRouter replicas,
                      AmbientTransaction ambient) {
        this.ambient = java.util.Objects.requireNonNull(ambient, "ambient must not be null; use AmbientTransaction.NONE");
        this.replicas = replicas;
        this.readYourWrites = replicas != null && config.readYourWrites();
        this.pool = pool;
        this.config = config;
        this.context = context;
        this.tracer = context.tracer();
        this.commits = new CommitResolver(pool::acquire, !config.pgbouncer());
        this.retrier = new Retrier(RetryPolicy.from(config)).onRetry(tracer::statementRetried);
        this.breaker = config.circuitBreakerThreshold() == 0 ? Breaker.disabled()
                : Breaker.from(pool.name(), config).onTransition(tracer::breakerStateChanged);
        this.writesNeedPrimary = config.targetSessionAttrs() == TargetSessionAttrs.READ_WRITE
                || config.targetSessionAttrs() == TargetSessionAttrs.PRIMARY;
        this.severalServers = config.hasSeveralServers();
    }

    /**
     * Whether {@code failure} of work meant to write ({@code writable}) says the server stopped accepting writes, as a
     * demoted or fenced primary does after a failover, while the config wants a writable server: SQLSTATE 25006 on a
     * connection Tusk did not make read-only. The server refused the statement, so nothing of it was applied and it
     * may run again on another connection.
     */
    boolean serverTurnedReadOnly(TuskException failure, boolean writable) {
        return writable && writesNeedPrimary && failure instanceof ReadOnlyTransactionException;
    }

    /**
     * Hears a failure of work on the client's connections, and retires every pooled connection when it shows the
     * server may no longer be the one to use: the server turned read-only (25006), or, with several servers listed, a
     * connection was lost in use (a shutdown, a crash, 57P01). New connections then go to the listed server that now
     * matches {@code targetSessionAttrs}, so none to the old primary survives. Call before the failure is marked as
     * rolled back.
     */
    void failed(TuskException failure, boolean writable) {
        if (serverTurnedReadOnly(failure, writable)) {
            pool.evictAll("a write failed with SQLSTATE 25006: the server is read-only now, as a demoted or fenced "
                    + "primary is after a failover");
        } else if (severalServers && failure instanceof ConnectionException && failure.isTransient()
                && failure.mayHaveReachedServer()) {
            pool.evictAll("a connection was lost in use (" + (failure.sqlState() == null ? "no SQLSTATE"
                    : "SQLSTATE " + failure.sqlState()) + "), as when a primary stops for a failover");
        }
    }

    /** The retrier every pooled one-liner goes through. */
    Retrier retrier() {
        return retrier;
    }

    /** The config the client was built from. */
    public TuskConfig config() {
        return config;
    }

    /** Tells the breaker the pool just opened a connection: an open breaker lets a trial call through at once. */
    public void serverReachable() {
        breaker.serverReachable();
    }

    /** The circuit breaker's state as users see it. */
    public CircuitBreakerStatus breakerStatus() {
        return breaker.status();
    }

    /** Counts of what the resilience layer did. */
    public ResilienceStats resilienceStats() {
        return new ResilienceStats(retrier.retries(), transactionReruns.sum(), commitsResolved.sum(),
                commitOutcomesUnknown.sum());
    }

    /** The settings every statement shares. */
    public QueryContext context() {
        return context;
    }

    /** A connection for one unit of work, to be given back with {@link #release(Connection)}; {@code sql} names it. */
    Connection lease(String sql) {
        // An open breaker refuses at once: no pool wait, no socket work.
        breaker.acquirePermission();
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = pool.acquire();
        } catch (TuskException e) {
            long waited = System.nanoTime() - started;
            breaker.onFailure(waited, e);
            if (tracer != TuskTracer.NONE) {
                tracer.connectionFailed(e, waited);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            breaker.releasePermission();
            throw e;
        }
        if (tracer != TuskTracer.NONE) {
            tracer.connectionAcquired(System.nanoTime() - started);
        }
        // Only getting a connection is judged: a connection the server ended in use (a terminated backend, a restart)
        // says nothing about whether the next one can be had, and the pool replaces it at once.
        breaker.onSuccess(System.nanoTime() - started);
        return connection;
    }

    /**
     * A connection for one unit of read-only work: from the next read replica in turn that takes reads (and, under
     * {@code readYourWrites}, has replayed this thread's last write), else from the primary as {@link #lease(String)}.
     * Replica leases do not go through the primary's circuit breaker: a replica that fails is skipped instead.
     */
    Connection leaseForRead(String sql) {
        if (replicas == null) {
            return lease(sql);
        }
        long started = System.nanoTime();
        Connection connection = replicas.acquire(readYourWrites ? lastWriteLsn.get()[0] : 0);
        if (connection == null) {
            lastReadOnReplica.set(Boolean.FALSE);
            return lease(sql);
        }
        lastReadOnReplica.set(Boolean.TRUE);
        if (tracer != TuskTracer.NONE) {
            tracer.connectionAcquired(System.nanoTime() - started);
        }
        return connection;
    }

    /** Whether this thread's latest read-only lease went to a replica. */
    boolean lastReadWentToReplica() {
        return replicas != null && lastReadOnReplica.get();
    }

    /**
     * Under {@code readYourWrites}, records the primary's WAL position after this thread's call on {@code connection},
     * so that its next reads go to a replica only once it has replayed that far. One round trip; a failure (a broken
     * connection, a server in recovery) keeps the position recorded before.
     */
    void noteWrite(Connection connection) {
        if (!readYourWrites) {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            row.next();
            long lsn = Lsn.parse(row.getString(1));
            long[] holder = lastWriteLsn.get();
            holder[0] = Math.max(holder[0], lsn);
        } catch (SQLException | RuntimeException e) {
            context.log().debug("Could not read the primary's WAL position for read-your-writes: {}", e.getMessage());
        }
    }

    /** Returns a connection from {@link #lease(String)} to the pool, logging a failure to do so. */
    void release(Connection connection) {
        try {
            if (tracer != TuskTracer.NONE) {
                tracer.connectionReleased();
            }
            connection.close();
        } catch (java.sql.SQLException e) {
            context.log().warn("Could not return a connection to the pool: {}", e.getMessage());
        }
    }

    /** The client's connections for statements and COPY outside a transaction. */
    public Connections connections() {
        return writable;
    }

    /** The client's connections for statements that run read-only, each in a read-only transaction of its own. */
    public Connections readOnlyConnections() {
        return readOnly;
    }

    /** Connections for read-only work for {@code tenant}, each in a read-only transaction with its settings applied. */
    public Connections tenantReadOnlyConnections(TenantContext tenant) {
        return new PooledConnections(this, true, tenant);
    }

    /**
     * Runs {@code work} in a transaction, joining the one already open on this thread under a savepoint. A failure
     * that rolled the transaction back (serialization failure, deadlock, connection lost before COMMIT) runs it again
     * when the options allow; a COMMIT whose acknowledgement was lost is resolved by asking the server.
     */
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return inTransaction(options, null, work);
    }

    /**
     * Runs {@code work} as {@link #inTransaction(TransactionOptions, TransactionCallback)} does, with {@code tenant}'s
     * settings applied right after BEGIN on every run (null for none). A transaction for a tenant cannot join one open
     * on this thread for another tenant or for none, as a savepoint would carry its settings into the outer work.
     */
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TenantContext tenant,
                                                    TransactionCallback<R, X> work) throws X {
        return inTransaction(options, tenant, work, false);
    }

    /**
     * Runs {@code work} in a read-only transaction on a read replica when one takes reads (see
     * {@link #leaseForRead(String)}), else on the primary; joins a transaction already open on this thread.
     */
    public <R, X extends Exception> R inReadOnlyTransaction(TransactionOptions options, TransactionCallback<R, X> work)
            throws X {
        return inTransaction(options.withReadOnly(true), null, work, true);
    }

    private <R, X extends Exception> R inTransaction(TransactionOptions options, TenantContext tenant,
                                                     TransactionCallback<R, X> work, boolean onReplica) throws X {
        TransactionHandle open = openTransaction.get();
        if (open != null) {
            if (tenant != null && !tenant.equals(open.tenant())) {
                throw new IllegalStateException("a transaction for " + tenant + " was requested inside an open "
                        + "transaction for " + (open.tenant() == null ? "no tenant" : "another tenant or context")
                        + " on the same thread; a nested transaction is a savepoint and cannot change the tenant, so "
                        + "run it outside the open one");
            }
            TransactionOptions outer = open.options();
            if (!options.equals(TransactionOptions.DEFAULT.withReruns(options.reruns()))
                    && !options.withReruns(outer.reruns()).equals(outer)) {
                throw new IllegalStateException("a transaction with " + options + " was requested inside an open "
                        + "transaction with " + outer + " on the same thread; a nested transaction is a "
                        + "savepoint and cannot change those options");
            }
            return open.inTransaction(work);
        }
        Connection outside = ambient == AmbientTransaction.NONE ? null : ambient.currentConnection(pool.dataSource());
        if (outside != null) {
            return joinOutside(outside, options, tenant, work);
        }
        long started = System.nanoTime();
        long deadline = started + config.retryDeadline().toNanos();
        Object traced = tracer == TuskTracer.NONE ? null : tracer.transactionStarted(options);
        for (int run = 1; ; run++) {
            TuskException failure;
            try {
                R result = runOnce(options, tenant, work, onReplica);
                if (tracer != TuskTracer.NONE) {
                    tracer.transactionCommitted(traced, System.nanoTime() - started);
                }
                return result;
            } catch (CommitLost lost) {
                // The resolver asks on a new connection: after a failover, that must be one to the new primary.
                failed(lost.failure(), true);
                CommitResolver.Outcome outcome;
                try {
                    // The server gets the whole retry deadline from the moment the answer was lost to be asked.
                    outcome = commits.resolve(lost, System.nanoTime() + config.retryDeadline().toNanos());
                } catch (TuskException unknown) {
                    commitOutcomesUnknown.increment();
                    if (tracer != TuskTracer.NONE) {
                        tracer.transactionRolledBack(traced, unknown, System.nanoTime() - started);
                    }
                    throw unknown;
                }
                commitsResolved.increment();
                if (outcome != CommitResolver.Outcome.ABORTED) {
                    if (tracer != TuskTracer.NONE) {
                        tracer.transactionCommitted(traced, System.nanoTime() - started);
                    }
                    @SuppressWarnings("unchecked")
                    R result = (R) lost.result();
                    return result;
                }
                failure = new ConnectionException("the connection was lost at COMMIT and the server reports that "
                        + "transaction " + lost.transactionId() + " aborted, so nothing of it was committed: "
                        + lost.failure().getMessage(), lost.failure(), ServerError.ofSqlState(lost.failure().sqlState()),
                        false);
            } catch (TuskException e) {
                if (!(onReplica && lastReadWentToReplica())) {
                    failed(e, !options.readOnly());
                }
                failure = e;
            } catch (Throwable e) {
                // The caller's own exception: the transaction rolled back, and it reaches the caller unchanged. When
                // it carries the server's word that the transaction was aborted by a conflict (a statement run
                // through jOOQ, Jdbi or plain JDBC on tx.connection()), the callback runs again as for Tusk's own.
                String conflict = options.reruns() && run <= config.maxRetries() ? conflictState(e) : null;
                long pause = conflict == null ? 0 : retrier.policy().delayBefore(run, ThreadLocalRandom.current()).toNanos();
                if (conflict == null || System.nanoTime() + pause - deadline > 0) {
                    if (tracer != TuskTracer.NONE) {
                        tracer.transactionRolledBack(traced, e, System.nanoTime() - started);
                    }
                    throw e;
                }
                if (tracer != TuskTracer.NONE) {
                    tracer.transactionRerun(run + 1, e);
                }
                context.log().debug("Running a transaction again (run {} of at most {}) in {} ms after SQLSTATE {} in "
                        + "the callback's own exception: {}", run + 1, config.maxRetries() + 1,
                        TimeUnit.NANOSECONDS.toMillis(pause), conflict, e.getClass().getName());
                transactionReruns.increment();
                LockSupport.parkNanos(pause);
                continue;
            }
            // Whatever failed before or at COMMIT with an answer from the server rolled the transaction back.
            RolledBack.mark(failure);
            long pause = retrier.policy().delayBefore(run, ThreadLocalRandom.current()).toNanos();
            if (!options.reruns() || run > config.maxRetries()
                    || !(rerunnable(failure) || serverTurnedReadOnly(failure, !options.readOnly()))
                    || System.nanoTime() + pause - deadline > 0) {
                if (tracer != TuskTracer.NONE) {
                    tracer.transactionRolledBack(traced, failure, System.nanoTime() - started);
                }
                throw failure;
            }
            if (tracer != TuskTracer.NONE) {
                tracer.transactionRerun(run + 1, failure);
            }
            context.log().debug("Running a transaction again (run {} of at most {}) in {} ms after: {}", run + 1,
                    config.maxRetries() + 1, TimeUnit.NANOSECONDS.toMillis(pause), failure.getMessage());
            transactionReruns.increment();
            LockSupport.parkNanos(pause);
        }
    }

    /**
     * Runs {@code work} under a savepoint of the outside transaction open on {@code connection}, which stays its
     * owner's to commit, roll back and close. While it runs, nested calls on this thread join it as they join Tusk's own.
     * Refused, as a nested transaction is, when it asks for options other than the defaults or for a tenant: a
     * savepoint cannot change them.
     */
    private <R, X extends Exception> R joinOutside(Connection connection, TransactionOptions options,
                                                   TenantContext tenant, TransactionCallback<R, X> work) throws X {
        if (tenant != null) {
            throw new IllegalStateException("a transaction for " + tenant + " was requested inside a transaction "
                    + "opened outside Tusk (" + ambient.getClass().getName() + ") on the same thread; a joined "
                    + "transaction is a savepoint and cannot apply a tenant's settings, so run it outside that one");
        }
        if (!options.equals(TransactionOptions.DEFAULT.withReruns(options.reruns()))) {
            throw new IllegalStateException("a transaction with " + options + " was requested inside a transaction "
                    + "opened outside Tusk (" + ambient.getClass().getName() + ") on the same thread; a joined "
                    + "transaction is a savepoint of that one and cannot change its isolation, read-only or deferrable "
                    + "options: set them on the outer transaction, or run this one outside it");
        }
        TransactionHandle joined = new TransactionHandle(connection, options, null, context);
        openTransaction.set(joined);
        try {
            return joined.inTransaction(work);
        } finally {
            joined.end();
            openTransaction.remove();
        }
    }

    /** The transaction {@code inTransaction} has open on the calling thread (its own or a joined outside one), if any. */
    public Optional<Transaction> currentTransaction() {
        return Optional.ofNullable(openTransaction.get());
    }

    private <R, X extends Exception> R runOnce(TransactionOptions options, TenantContext tenant,
                                               TransactionCallback<R, X> work, boolean onReplica) throws X {
        if (onReplica && replicas != null) {
            Connection connection = leaseForRead("BEGIN");
            try {
                return Transactions.run(connection, options, tenant, context, openTransaction::set,
                        openTransaction::remove, work);
            } finally {
                release(connection);
            }
        }
        Connection connection = writable.borrow("BEGIN");
        try {
            return Transactions.run(connection, options, tenant, context, openTransaction::set, openTransaction::remove,
                    work);
        } finally {
            writable.giveBack(connection);
        }
    }

    /**
     * The SQLSTATE of a serialization failure (40001) or deadlock (40P01) in {@code failure}'s causes, when another
     * library's statement met it; null otherwise. Either means the server aborted the whole transaction.
     */
    private static String conflictState(Throwable failure) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || "40P01".equals(sql.getSQLState()))) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Whether the transaction that failed with {@code failure} may run again: the server rolled it back. */
    private static boolean rerunnable(TuskException failure) {
        return failure instanceof SerializationFailureException || failure instanceof DeadlockException
                || (failure instanceof ConnectionException && failure.isTransient()) || Failures.notSent(failure);
    }
}
