package dev.tusk;

import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.config.TuskConfig;
import dev.tusk.internal.ClientCore;
import dev.tusk.internal.Errors;
import dev.tusk.internal.PooledScope;
import dev.tusk.pool.internal.HikariPools;
import dev.tusk.query.StatementCacheStats;
import dev.tusk.query.internal.ForwardingSqlOperations;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.query.internal.StatementRunner;
import dev.tusk.schema.ServerVersion;
import dev.tusk.schema.TableInfo;
import dev.tusk.schema.internal.SchemaQueries;
import dev.tusk.tx.ConnectionCallback;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled client for one PostgreSQL database: thread-safe, meant to live as long as the application, and closed
 * once when it stops. One-liners each run on a connection of their own; {@link #inTransaction} keeps one for the
 * whole callback.
 */
public final class TuskClient extends ForwardingSqlOperations implements Database, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TuskClient.class);

    private final TuskConfig config;
    private final HikariDataSource pool;
    private final ClientCore core;
    private final StatementRunner runner;
    private final Database readOnly;

    TuskClient(TuskConfig config) {
        this.config = config;
        this.pool = HikariPools.create(config);
        QueryContext context = QueryContext.of(config.fetchSize(), config.preparedStatementCacheSize());
        this.core = new ClientCore("TuskClient[" + config.user() + "@" + config.host() + ":" + config.port() + "/"
                + config.database() + "]", pool::getConnection, context);
        this.runner = new StatementRunner(new PooledScope(core, false), context, 0);
        this.readOnly = new ReadOnlyDatabase(this, new StatementRunner(new PooledScope(core, true), context, 0));
    }

    /** The configuration this client was opened with. */
    public TuskConfig config() {
        return config;
    }

    @Override
    protected SqlOperations delegate() {
        return runner;
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return core.inTransaction(options, work);
    }

    @Override
    public <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X {
        Connection connection;
        try {
            connection = core.lease();
        } catch (SQLException e) {
            throw Errors.translate(e, null, Errors.Phase.CONNECT);
        }
        try {
            return work.withConnection(connection);
        } finally {
            try {
                core.release(connection);
            } catch (SQLException e) {
                LOG.warn("Could not return a connection to the pool: {}", e.getMessage());
            }
        }
    }

    /** A view of this client whose statements and transactions all run read-only (writes fail with SQLSTATE 25006). */
    public Database readOnly() {
        return readOnly;
    }

    /** Whether {@code table}, optionally schema-qualified, exists; the name is resolved as SQL would, never spliced. */
    public boolean tableExists(String table) {
        return SchemaQueries.tableExists(this, table);
    }

    /** The columns, types, nullability, defaults, primary key and indexes of {@code table}. */
    public TableInfo tableInfo(String table) {
        return SchemaQueries.tableInfo(this, table);
    }

    /** The version of the server this client talks to. */
    public ServerVersion serverVersion() {
        return SchemaQueries.serverVersion(this);
    }

    /** How often statements found their SQL in PgJDBC's per-connection statement cache. */
    public StatementCacheStats statementCacheStats() {
        return core.context().statementCache().stats();
    }

    /** The pool as a standard {@link DataSource}, for libraries such as Flyway, jOOQ, Jdbi or Spring to share. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Stops taking work, waits up to the configured grace period for work in flight, then closes every connection.
     * Work submitted afterwards fails with {@link ClientClosedException}.
     */
    @Override
    public void close() {
        if (core.isClosing() && pool.isClosed()) {
            return;
        }
        int stillRunning = core.closeAndAwait(config.shutdownGracePeriod());
        if (stillRunning > 0) {
            LOG.warn("{}: closing with {} operations still running after the {} grace period; their connections are "
                    + "closed under them", this, stillRunning, config.shutdownGracePeriod());
        }
        pool.close();
    }

    @Override
    public String toString() {
        return "TuskClient[" + config + "]";
    }

    /** A binary COPY into {@code table}, to configure (columns, progress, flush size) and then give rows. */
    public dev.tusk.copy.CopyIn copyIn(String table) {
        return dev.tusk.copy.CopyIn.into(this, table);
    }

    /** Copies {@code rows} (records matched to {@code columns} by name, or Object[] by position) into {@code table}. */
    public dev.tusk.copy.CopyResult copyIn(String table, java.util.List<String> columns, Iterable<?> rows) {
        return copyIn(table).columns(columns).from(rows);
    }

    /** Copies the rows {@code source} writes into {@code columns} of {@code table}, without allocating per row. */
    public <X extends Exception> dev.tusk.copy.CopyResult copyIn(String table, java.util.List<String> columns,
                                                                 dev.tusk.copy.RowSource<X> source) throws X {
        return copyIn(table).columns(columns).from(source);
    }
}
