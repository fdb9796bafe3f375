package dev.tusk.internal;

import dev.tusk.security.TenantContext;
import dev.tusk.security.internal.TenantSettings;
import dev.tusk.tx.TransactionOptions;
import dev.tusk.tx.internal.TransactionHandle;

import dev.tusk.resilience.internal.Failures;
import dev.tusk.resilience.internal.Retrier;

import java.sql.Connection;
import java.time.Duration;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.tusk.trace.TuskTracer;

/**
 * The client's {@link Connections}: each operation runs on a connection leased for it alone. A read-only instance runs
 * each one in a read-only transaction of its own.
 */
public final class PooledConnections implements Connections {

    private final ClientCore core;
    private final boolean readOnly;
    private final TenantContext tenant;
    private final Consumer<dev.tusk.TuskException> heardFailure = this::heard;
    private final Predicate<dev.tusk.TuskException> retryableOnce = failure -> retryable(failure, false);
    private final Predicate<dev.tusk.TuskException> retryableTwice = failure -> retryable(failure, true);

    /** Connections leased from {@code core}, read-only or not. */
    public PooledConnections(ClientCore core, boolean readOnly) {
        this(core, readOnly, null);
    }

    /**
     * Read-only connections whose transactions apply {@code tenant}'s settings first; only read-only ones can take a
     * tenant, since their transaction ends in a rollback that cannot lose a write.
     */
    PooledConnections(ClientCore core, boolean readOnly, TenantContext tenant) {
        if (tenant != null && !readOnly) {
            throw new IllegalArgumentException("only read-only connections apply a tenant outside inTransaction");
        }
        this.core = core;
        this.readOnly = readOnly;
        this.tenant = tenant;
    }

    @Override
    public Connection borrow(String sql) {
        // A tenant's reads stay on the primary: its settings and role are the primary's to check.
        Connection connection = readOnly && tenant == null ? core.leaseForRead(sql) : core.lease(sql);
        if (readOnly) {
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                if (tenant != null) {
                    TenantSettings.apply(connection, tenant);
                }
            } catch (SQLException | RuntimeException e) {
                // giveBack ends the transaction (also one a refused role aborted) before the pool sees the connection.
                giveBack(connection);
                throw e instanceof SQLException failure ? Errors.translate(failure,
                        tenant == null ? sql : TenantSettings.sql(tenant), Errors.Phase.CONNECT) : (RuntimeException) e;
            }
        }
        return connection;
    }

    @Override
    public void giveBack(Connection connection) {
        try {
            if (readOnly) {
                // Nothing to keep from a read-only transaction, and a rollback also ends one a failure aborted.
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            } else {
                core.noteWrite(connection);
            }
        } catch (SQLException e) {
            core.context().log().debug("Could not end a read-only statement's transaction; the pool will: {}",
                    e.getMessage());
        } finally {
            core.release(connection);
        }
    }

    @Override
    public <R> R retrying(boolean idempotent, Duration callerTimeout, Retrier.Attempt<R> attempt) {
        // A read-only statement changes nothing, so running it twice is always safe.
        return core.retrier().call(attempt, idempotent || readOnly ? retryableTwice : retryableOnce, callerTimeout,
                heardFailure);
    }

    /**
     * Hears every failed attempt, the last one too, so that a failover evicts even when no retry is left. A field, not
     * a lambda per call, as it captures nothing that changes between calls.
     */
    private void heard(dev.tusk.TuskException failure) {
        // A replica's failure says nothing about the primary, whose pool must not be evicted for it.
        if (!(readOnly && core.lastReadWentToReplica())) {
            core.failed(failure, !readOnly);
        }
    }

    private boolean retryable(dev.tusk.TuskException failure, boolean safeTwice) {
        return Failures.safeToRetry(failure, safeTwice) || core.serverTurnedReadOnly(failure, !readOnly);
    }

    @Override
    public boolean messagesShowValues() {
        return core.config().profile() == dev.tusk.config.Profile.DEVELOPMENT;
    }

    @Override
    public int maxConnections() {
        return core.config().poolMaxSize();
    }

    @Override
    public ServerSession serverSession() {
        return core.context().serverSession();
    }

    @Override
    public dev.tusk.copy.internal.InsertTargets insertTargets() {
        return core.context().insertTargets();
    }

    @Override
    public TuskTracer tracer() {
        return core.context().tracer();
    }

    @Override
    public boolean inTransaction() {
        return readOnly;
    }

    @Override
    public <R> R atomically(Function<Connections, R> work) {
        if (readOnly && tenant == null) {
            return core.inReadOnlyTransaction(TransactionOptions.DEFAULT,
                    transaction -> work.apply((TransactionHandle) transaction));
        }
        TransactionOptions options = readOnly ? TransactionOptions.DEFAULT.withReadOnly(true) : TransactionOptions.DEFAULT;
        return core.inTransaction(options, tenant, transaction -> work.apply((TransactionHandle) transaction));
    }
}
