package dev.tusk.internal;

import dev.tusk.ConnectionException;
import dev.tusk.DeadlockException;
import dev.tusk.SerializationFailureException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.TuskPool;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.CommitLost;
import dev.tusk.tx.internal.CommitResolver;
import dev.tusk.tx.internal.TransactionHandle;
import dev.tusk.tx.internal.Transactions;

import java.sql.Connection;
import java.time.Duration;
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
    private final CommitResolver commits;
    private final ThreadLocal<TransactionHandle> openTransaction = new ThreadLocal<>();
    private final PooledConnections writable = new PooledConnections(this, false);
    private final PooledConnections readOnly = new PooledConnections(this, true);

    /** A core lending connections from {@code pool}; the pool refuses work once it is closing. */
    public ClientCore(TuskPool pool, TuskConfig config, QueryContext context) {
        this.pool = pool;
        this.config = config;
        this.context = context;
        this.commits = new CommitResolver(pool::acquire, !config.pgbouncer());
    }

    /** The settings every statement shares. */
    public QueryContext context() {
        return context;
    }

    /** A connection for one unit of work, to be given back with {@link #release(Connection)}; {@code sql} names it. */
    Connection lease(String sql) {
        return pool.acquire();
    }

    /** Returns a connection from {@link #lease(String)} to the pool, logging a failure to do so. */
    void release(Connection connection) {
        try {
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

    /**
     * Runs {@code work} in a transaction, joining the one already open on this thread under a savepoint. A failure
     * that rolled the transaction back (serialization failure, deadlock, connection lost before COMMIT) runs it again
     * when the options allow; a COMMIT whose acknowledgement was lost is resolved by asking the server.
     */
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        TransactionHandle open = openTransaction.get();
        if (open != null) {
            TransactionOptions outer = open.options();
            if (!options.equals(TransactionOptions.DEFAULT.withReruns(options.reruns()))
                    && !options.withReruns(outer.reruns()).equals(outer)) {
                throw new IllegalStateException("a transaction with " + options + " was requested inside an open "
                        + "transaction with " + outer + " on the same thread; a nested transaction is a "
                        + "savepoint and cannot change those options");
            }
            return open.inTransaction(work);
        }
        long started = System.nanoTime();
        long deadline = started + config.retryDeadline().toNanos();
        for (int run = 1; ; run++) {
            TuskException failure;
            try {
                return runOnce(options, work);
            } catch (CommitLost lost) {
                CommitResolver.Outcome outcome = commits.resolve(lost, deadline);
                if (outcome != CommitResolver.Outcome.ABORTED) {
                    @SuppressWarnings("unchecked")
                    R result = (R) lost.result();
                    return result;
                }
                failure = new ConnectionException("the connection was lost at COMMIT and the server reports that "
                        + "transaction " + lost.transactionId() + " aborted, so nothing of it was committed: "
                        + lost.failure().getMessage(), lost.failure(), ServerError.ofSqlState(lost.failure().sqlState()),
                        false);
            } catch (TuskException e) {
                failure = e;
            }
            // Whatever failed before or at COMMIT with an answer from the server rolled the transaction back.
            RolledBack.mark(failure);
            if (!options.reruns() || run > config.maxRetries() || !rerunnable(failure)) {
                throw failure;
            }
            long pause = backoffNanos(run);
            if (System.nanoTime() + pause - deadline > 0) {
                throw failure;
            }
            context.log().debug("Running a transaction again (run {} of at most {}) in {} ms after: {}", run + 1,
                    config.maxRetries() + 1, TimeUnit.NANOSECONDS.toMillis(pause), failure.getMessage());
            LockSupport.parkNanos(pause);
        }
    }

    private <R, X extends Exception> R runOnce(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        Connection connection = writable.borrow("BEGIN");
        try {
            return Transactions.run(connection, options, context, openTransaction::set, openTransaction::remove, work);
        } finally {
            writable.giveBack(connection);
        }
    }

    /** Whether the transaction that failed with {@code failure} may run again: the server rolled it back. */
    private static boolean rerunnable(TuskException failure) {
        return failure instanceof SerializationFailureException || failure instanceof DeadlockException
                || failure instanceof ConnectionException;
    }

    /** Full jitter: a random pause below retryDelay doubled per run, capped at retryMaxDelay. */
    private long backoffNanos(int run) {
        long first = config.retryDelay().toNanos();
        long cap = config.retryMaxDelay().toNanos();
        long bound = run >= 62 || first > (cap >> Math.min(62, run - 1)) ? cap : first << (run - 1);
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
    }

    /** How long one acquire may wait; used by the commit resolver. */
    Duration acquireTimeout() {
        return config.acquireTimeout();
    }
}
