package dev.tusk.security.internal;

import dev.tusk.Database;
import dev.tusk.Row;
import dev.tusk.RowMapper;
import dev.tusk.SqlOperations;
import dev.tusk.internal.ClientCore;
import dev.tusk.query.internal.StatementRunner;
import dev.tusk.security.TenantContext;
import dev.tusk.tx.ConnectionCallback;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A client seen as one tenant: every one-liner and transaction runs in a transaction that applies the tenant's
 * settings first, on every run, so they end with it and never stay on a pooled connection.
 */
public final class TenantDatabase implements Database {

    private final ClientCore core;
    private final TenantContext tenant;
    private final Duration timeout;
    private final SqlOperations streams;

    /** The view of {@code core}'s client for {@code tenant}. */
    public TenantDatabase(ClientCore core, TenantContext tenant) {
        this(core, Objects.requireNonNull(tenant, "tenant"), null,
                new StatementRunner(core.tenantReadOnlyConnections(tenant), core.context(), 0));
    }

    private TenantDatabase(ClientCore core, TenantContext tenant, Duration timeout, SqlOperations streams) {
        this.core = core;
        this.tenant = tenant;
        this.timeout = timeout;
        this.streams = streams;
    }

    /**
     * Exports under the tenant's settings, each in a read-only transaction; loads need the settings to last until a
     * commit, which only a transaction of the caller's gives them.
     */
    @Override
    public dev.tusk.copy.CopyOperations copy() {
        return dev.tusk.copy.internal.CopyHandles.readingOnly(core.tenantReadOnlyConnections(tenant),
                "a tenant view loads only inside a transaction, so the tenant's settings cover the load: use "
                        + "asTenant(…).inTransaction(tx -> tx.copy()…)");
    }

    /** The tenant this view works for. */
    public TenantContext tenant() {
        return tenant;
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return core.inTransaction(options, tenant, work);
    }

    @Override
    public <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X {
        // A bare connection would outlive the transaction-local settings, so it is lent inside one.
        return inTransaction(TransactionOptions.DEFAULT, transaction -> work.withConnection(transaction.connection()));
    }

    /**
     * Runs one statement in a transaction of its own: the settings need one, and the transaction's re-runs and COMMIT
     * resolution then cover the statement as they cover any transaction.
     */
    private <T> T inOwnTransaction(Function<SqlOperations, T> statement) {
        return core.inTransaction(TransactionOptions.DEFAULT, tenant,
                transaction -> statement.apply(timeout == null ? transaction : transaction.withTimeout(timeout)));
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return inOwnTransaction(operations -> operations.query(sql, mapper, parameters));
    }

    @Override
    public <T> List<T> query(String sql, Class<T> type, Object... parameters) {
        return inOwnTransaction(operations -> operations.query(sql, type, parameters));
    }

    @Override
    public List<Row> queryRows(String sql, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryRows(sql, parameters));
    }

    @Override
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryOne(sql, mapper, parameters));
    }

    @Override
    public <T> T queryOne(String sql, Class<T> type, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryOne(sql, type, parameters));
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryOptional(sql, mapper, parameters));
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, Class<T> type, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryOptional(sql, type, parameters));
    }

    @Override
    public <T> T queryValue(String sql, Class<T> type, Object... parameters) {
        return inOwnTransaction(operations -> operations.queryValue(sql, type, parameters));
    }

    @Override
    public long execute(String sql, Object... parameters) {
        return inOwnTransaction(operations -> operations.execute(sql, parameters));
    }

    /**
     * Streams in a read-only transaction with the tenant's settings, rolled back when the stream closes: a stream
     * outlives any callback, so it cannot commit, and a write through it fails (25006) instead of vanishing.
     */
    @Override
    public <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... parameters) {
        return streams.stream(sql, mapper, parameters);
    }

    /** Streams as {@link #stream(String, RowMapper, Object...)} does, in the tenant's read-only transaction. */
    @Override
    public <T> Stream<T> stream(String sql, Class<T> type, Object... parameters) {
        return streams.stream(sql, type, parameters);
    }

    @Override
    public <T> void forEach(String sql, RowMapper<T> mapper, Consumer<? super T> action, Object... parameters) {
        inOwnTransaction(operations -> {
            operations.forEach(sql, mapper, action, parameters);
            return null;
        });
    }

    @Override
    public <T> void forEach(String sql, Class<T> type, Consumer<? super T> action, Object... parameters) {
        inOwnTransaction(operations -> {
            operations.forEach(sql, type, action, parameters);
            return null;
        });
    }

    @Override
    public SqlOperations withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
        }
        return new TenantDatabase(core, tenant, timeout, streams.withTimeout(timeout));
    }

    @Override
    public String toString() {
        return "view of a client for " + tenant;
    }
}
