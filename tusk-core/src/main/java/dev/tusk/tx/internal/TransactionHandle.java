package dev.tusk.tx.internal;

import dev.tusk.SqlOperations;
import dev.tusk.internal.Errors;
import dev.tusk.internal.Connections;
import dev.tusk.internal.ServerSession;
import dev.tusk.query.internal.ForwardingSqlOperations;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.query.internal.StatementRunner;
import dev.tusk.security.TenantContext;
import dev.tusk.tx.Transaction;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionConsumer;
import dev.tusk.tx.TransactionOptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import dev.tusk.trace.TuskTracer;

/** An open transaction on one connection; nested transactions are savepoints on the same connection. */
public final class TransactionHandle extends ForwardingSqlOperations implements Transaction, Connections {

    private final Connection connection;
    private final TransactionOptions options;
    private final TenantContext tenant;
    private final StatementRunner runner;
    private final TuskTracer tracer;
    private final boolean showValues;
    private final ServerSession serverSession;
    private final dev.tusk.copy.internal.InsertTargets insertTargets;
    private volatile boolean ended;
    private Long transactionId;

    /** A handle on {@code connection}, whose transaction has begun (autocommit off) for {@code tenant} (or none). */
    public TransactionHandle(Connection connection, TransactionOptions options, TenantContext tenant,
                             QueryContext context) {
        this.connection = connection;
        this.options = options;
        this.tenant = tenant;
        this.runner = new StatementRunner(this, context, 0);
        this.tracer = context.tracer();
        this.showValues = context.showValues();
        this.serverSession = context.serverSession();
        this.insertTargets = context.insertTargets();
    }

    @Override
    public boolean messagesShowValues() {
        return showValues;
    }

    @Override
    public dev.tusk.copy.internal.InsertTargets insertTargets() {
        return insertTargets;
    }

    @Override
    public TuskTracer tracer() {
        return tracer;
    }

    @Override
    public ServerSession serverSession() {
        return serverSession;
    }

    @Override
    public boolean wantsTransactionId() {
        return transactionId == null && !options.readOnly();
    }

    @Override
    public void transactionIdSeen(String id) {
        if (id != null) {
            transactionId = Long.parseLong(id);
        }
    }

    /** The transaction's id if a write brought it back already, else null. */
    Long knownTransactionId() {
        return transactionId;
    }

    /** Marks the transaction over: the handle refuses further work. */
    public void end() {
        ended = true;
    }

    /** The tenant this transaction works for, or null for none. */
    public TenantContext tenant() {
        return tenant;
    }

    @Override
    public TransactionOptions options() {
        return options;
    }

    @Override
    public Connection connection() {
        requireOpen();
        return connection;
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionCallback<R, X> work) throws X {
        requireOpen();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw Errors.translate(e, "SAVEPOINT", Errors.Phase.EXECUTE, showValues);
        }
        R result;
        try {
            result = work.inTransaction(this);
        } catch (Throwable failure) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw Errors.translate(e, "RELEASE SAVEPOINT", Errors.Phase.EXECUTE, showValues);
        }
        return result;
    }

    @Override
    public dev.tusk.copy.CopyOperations copy() {
        requireOpen();
        return dev.tusk.copy.internal.CopyHandles.over(this);
    }

    @Override
    public <X extends Exception> void useTransaction(TransactionConsumer<X> work) throws X {
        inTransaction(transaction -> {
            work.useTransaction(transaction);
            return null;
        });
    }

    @Override
    public Connection borrow(String sql) {
        requireOpen();
        return connection;
    }

    @Override
    public void giveBack(Connection borrowed) {
        // The connection stays with the transaction until it ends.
    }

    @Override
    public boolean inTransaction() {
        return true;
    }

    @Override
    public <R> R atomically(Function<Connections, R> work) {
        return inTransaction(transaction -> work.apply(this));
    }

    @Override
    protected SqlOperations delegate() {
        requireOpen();
        return runner;
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("this transaction has ended; a Transaction is only valid inside the callback "
                    + "that received it");
        }
    }
}
