package dev.tusk;

import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.batch.ItemsResult;
import dev.tusk.batch.ItemOptions;
import dev.tusk.batch.StatementBatchResult;
import dev.tusk.batch.ItemWork;
import dev.tusk.batch.Batches;
import dev.tusk.batch.internal.ConcurrentRun;
import dev.tusk.batch.internal.JdbcBatchRun;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;
import dev.tusk.config.internal.TlsFiles;
import dev.tusk.copy.BulkInsert;
import dev.tusk.copy.BulkInsertResult;
import dev.tusk.copy.CopyOperations;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.internal.CopyHandles;
import dev.tusk.health.ConnectionInfo;
import dev.tusk.health.HealthReport;
import dev.tusk.health.internal.ConnectionInfoQuery;
import dev.tusk.health.internal.HealthCheck;
import dev.tusk.health.internal.HealthMonitor;
import dev.tusk.internal.ClientCore;
import dev.tusk.internal.ServerSession;
import dev.tusk.listen.ListenOptions;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.Subscription;
import dev.tusk.listen.internal.Channels;
import dev.tusk.listen.internal.DedicatedListener;
import dev.tusk.metrics.StatementStats;
import dev.tusk.metrics.internal.Observability;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.PoolStats;
import dev.tusk.pool.TuskPool;
import dev.tusk.pool.internal.HikariTuskPool;
import dev.tusk.query.Sql;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.ResilienceStats;
import dev.tusk.routing.ReplicaStatus;
import dev.tusk.routing.internal.ReplicaRouter;
import dev.tusk.security.AuditLog;
import dev.tusk.security.TlsReport;
import dev.tusk.security.internal.AsyncAuditLog;
import dev.tusk.security.internal.TlsInspection;
import dev.tusk.query.StatementCacheStats;
import dev.tusk.query.internal.QueryContext;
import dev.tusk.query.internal.StatementRunner;
import dev.tusk.schema.ServerVersion;
import dev.tusk.security.TenantContext;
import dev.tusk.security.internal.TenantDatabase;
import dev.tusk.trace.TuskTracer;
import dev.tusk.schema.TableInfo;
import dev.tusk.schema.internal.SchemaQueries;
import dev.tusk.tx.AmbientTransaction;
import dev.tusk.tx.ConnectionCallback;
import dev.tusk.tx.Transaction;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A pooled client for one PostgreSQL database: thread-safe, meant to live as long as the application, and closed
 * once when it stops. One-liners each run on a connection of their own; {@link #inTransaction} keeps one for the
 * whole callback.
 */
public final class TuskClient implements Database, AutoCloseable {

    /** The logger for what a config gives up in security, logged at WARN when a client starts. */
    public static final String SECURITY_LOGGER = "dev.tusk.security";

    private static final Logger SECURITY_LOG = LoggerFactory.getLogger(SECURITY_LOGGER);

    private final TuskConfig config;
    private final TuskPool pool;
    private final ClientCore core;
    private final StatementRunner runner;
    private final Database readOnly;
    private final SqlOperations idempotent;
    private final Observability observability;
    private final HealthMonitor health;
    private final AsyncAuditLog audit;
    private final ReplicaRouter replicas;
    private final DedicatedListener listeners;

    TuskClient(TuskConfig config, PoolHooks hooks, TuskTracer tracer, AmbientTransaction ambient) {
        this.config = config;
        // Before the pool opens, so the warning is there even when the first connection fails.
        config.securityWarnings().forEach(SECURITY_LOG::warn);
        // A wrong certificate path is named with its setting now, not as a handshake error on the first connection.
        TlsFiles.check(config);
        this.pool = TuskPool.open(config, hooks);
        this.audit = AsyncAuditLog.start(config, pool);
        recordSecurityWarnings(config, audit);
        // Built-in tracers first, so statistics and the slow log see a statement before a user tracer that may be slow.
        this.observability = Observability.of(config, TuskTracer.of(audit.tracer(), tracer));
        // Behind PgBouncer the server-side statement_timeout cannot be set at connect, so the client enforces it.
        long clientSideTimeout = config.pgbouncer() ? config.statementTimeout().toMillis() : 0;
        long serverTimeout = config.pgbouncer() ? 0 : config.statementTimeout().toMillis();
        QueryContext context = QueryContext.of(config.fetchSize(), clientSideTimeout, serverTimeout,
                JdbcProperties.socketTimeoutMillis(config),
                config.preparedStatementCacheSize(), observability.tracer(),
                config.profile() == dev.tusk.config.Profile.DEVELOPMENT, ServerSession.of(config.pgbouncer()));
        ReplicaRouter router;
        try {
            router = ReplicaRouter.open(config, pool, hooks);
        } catch (RuntimeException e) {
            audit.close();
            pool.close();
            throw e;
        }
        this.replicas = router;
        this.core = new ClientCore(pool, config, context, replicas, ambient);
        if (pool instanceof HikariTuskPool hikari) {
            // Recovery is not held back by the breaker's open time once the pool reaches the server again.
            long openedByWarmUp = hikari.whenConnectionOpens(() -> {
                core.serverReachable();
                audit.connectionOpened(config.user(), config.host(), config.database());
            });
            for (long i = 0; i < openedByWarmUp; i++) {
                audit.connectionOpened(config.user(), config.host(), config.database());
            }
        }
        this.runner = new StatementRunner(core.connections(), context, 0);
        this.idempotent = runner.asIdempotent();
        this.readOnly = new ReadOnlyDatabase(this, new StatementRunner(core.readOnlyConnections(), context, 0),
                core.readOnlyConnections());
        this.listeners = new DedicatedListener(config, pool.name());
        this.health = new HealthMonitor(new HealthCheck(pool, config, core::breakerStatus, Clock.systemUTC())
                .withReplicas(replicas), config.healthCheckInterval(), pool.name(), Clock.systemUTC(),
                report -> report.withAudit(audit.stats()));
    }

    /**
     * Records each security warning as {@code config.warning}; under production the only warnings are the override that
     * lets weaker TLS through, recorded as {@code config.override} with the setting's name instead, so no event is
     * recorded twice.
     */
    private static void recordSecurityWarnings(TuskConfig config, AsyncAuditLog audit) {
        boolean override = config.profile() == dev.tusk.config.Profile.PRODUCTION && config.allowUnverifiedTls();
        for (String warning : config.securityWarnings()) {
            if (override) {
                Map<String, String> details = new java.util.LinkedHashMap<>();
                details.put("setting", "allowUnverifiedTls");
                details.put("sslMode", config.sslMode().libpqName());
                details.put("warning", warning);
                audit.record("config.override", config.user(), false, details);
            } else {
                audit.record("config.warning", config.user(), false, Map.of("warning", warning));
            }
        }
    }

    /** This client's audit log: record security events; connection, authentication and breaker events come on their own. */
    public AuditLog audit() {
        return audit;
    }

    /** The configuration this client was opened with. */
    public TuskConfig config() {
        return config;
    }

    // One-liners go to the runner by plain delegation, so the public class inherits nothing from an internal one.

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        return runner.query(sql, mapper, parameters);
    }

    @Override
    public <T> List<T> query(String sql, Class<T> type, Object... parameters) {
        return runner.query(sql, type, parameters);
    }

    @Override
    public List<Row> queryRows(String sql, Object... parameters) {
        return runner.queryRows(sql, parameters);
    }

    @Override
    public <T> T queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
        return runner.queryOne(sql, mapper, parameters);
    }

    @Override
    public <T> T queryOne(String sql, Class<T> type, Object... parameters) {
        return runner.queryOne(sql, type, parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, RowMapper<T> mapper, Object... parameters) {
        return runner.queryOptional(sql, mapper, parameters);
    }

    @Override
    public <T> Optional<T> queryOptional(String sql, Class<T> type, Object... parameters) {
        return runner.queryOptional(sql, type, parameters);
    }

    @Override
    public <T> T queryValue(String sql, Class<T> type, Object... parameters) {
        return runner.queryValue(sql, type, parameters);
    }

    @Override
    public long execute(String sql, Object... parameters) {
        return runner.execute(sql, parameters);
    }

    @Override
    public <T> Stream<T> stream(String sql, RowMapper<T> mapper, Object... parameters) {
        return runner.stream(sql, mapper, parameters);
    }

    @Override
    public <T> Stream<T> stream(String sql, Class<T> type, Object... parameters) {
        return runner.stream(sql, type, parameters);
    }

    @Override
    public <T> void forEach(String sql, RowMapper<T> mapper, Consumer<? super T> action, Object... parameters) {
        runner.forEach(sql, mapper, action, parameters);
    }

    @Override
    public <T> void forEach(String sql, Class<T> type, Consumer<? super T> action, Object... parameters) {
        runner.forEach(sql, type, action, parameters);
    }

    @Override
    public SqlOperations withTimeout(Duration timeout) {
        return runner.withTimeout(timeout);
    }

    @Override
    public <R, X extends Exception> R inTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return core.inTransaction(options, work);
    }

    @Override
    public <R, X extends Exception> R withConnection(ConnectionCallback<R, X> work) throws X {
        return core.connections().lend(null, work);
    }

    /**
     * The transaction {@link #inTransaction} has open on the calling thread, if any: Tusk's own, or one opened outside
     * Tusk and joined through {@link AmbientTransaction}. For frameworks that must run their statements in it (its
     * {@link Transaction#connection()}); valid only while that transaction's callback runs.
     */
    public Optional<Transaction> currentTransaction() {
        return core.currentTransaction();
    }

    /**
     * A view of this client for statements the caller declares safe to run twice (an upsert to a fixed value, a
     * DELETE by key): besides failures that never reached the server, they are retried after any transient failure,
     * such as a connection lost mid-statement. Plain one-liners never replay a write that may have reached the server.
     */
    public SqlOperations idempotent() {
        return idempotent;
    }

    /** The circuit breaker's state: closed, open (with when it will next probe) or half-open. */
    public CircuitBreakerStatus circuitBreaker() {
        return core.breakerStatus();
    }

    /** What the resilience layer has done: statement retries, transaction re-runs, COMMIT outcomes resolved. */
    public ResilienceStats resilienceStats() {
        return core.resilienceStats();
    }

    /**
     * Checks the client's health now: the breaker and the pool, then (unless the breaker is open) one query within
     * {@link HealthReport#CHECK_TIMEOUT}. Never throws: a failure is a reason in an {@code UNHEALTHY} report.
     */
    public HealthReport health() {
        return health.checkNow();
    }

    /** The latest health report when it is at most {@code maxAge} old, else a fresh check; for endpoints polled often. */
    public HealthReport health(Duration maxAge) {
        return health.check(maxAge);
    }

    /**
     * The latest health report, from the background check every {@code healthCheckInterval} or from {@link #health()},
     * without touching the database; empty before the first check has finished.
     */
    public Optional<HealthReport> lastHealth() {
        return health.latest();
    }

    /** This application's connections as the server sees them (active, idle, idle in transaction) and its uptime. */
    public ConnectionInfo connectionInfo() {
        // Read before the query, so that the figure is this client's work rather than the question about it.
        return ConnectionInfoQuery.read(this, statementStats());
    }

    /**
     * What TLS this client's connections use (protocol, cipher, certificates, expiry) and what about it is weaker than
     * it should be, read from one pooled connection.
     */
    public TlsReport tlsReport() {
        return withConnection(connection -> TlsInspection.read(connection, config, Instant.now()));
    }

    /**
     * A view of this client whose statements and transactions all run read-only (writes fail with SQLSTATE 25006): on
     * the read replicas, spread over those that take reads, when {@code readReplicas} lists any; else on the primary.
     */
    public Database readOnly() {
        return readOnly;
    }

    /** Runs {@code work} in a read-only transaction, on a read replica when one takes reads; for {@link #readOnly()}. */
    <R, X extends Exception> R inReadOnlyTransaction(TransactionOptions options, TransactionCallback<R, X> work) throws X {
        return core.inReadOnlyTransaction(options, work);
    }

    /**
     * Each configured read replica as the background probe last found it (state, replay lag, why it is skipped) with
     * its own pool's figures; empty when {@code readReplicas} lists none.
     */
    public List<ReplicaStatus> replicas() {
        return replicas == null ? List.of() : replicas.statuses();
    }

    /**
     * A view of this client for one tenant: each one-liner and transaction runs in a transaction that first sets
     * {@code app.tenant_id} to {@code tenantId} (transaction-local, bound as a parameter), for row-level security
     * policies to read; see {@link #asTenant(TenantContext)}.
     */
    public Database asTenant(String tenantId) {
        return asTenant(TenantContext.of(tenantId));
    }

    /**
     * A view of this client for {@code tenant}: each one-liner and transaction (every run of it) begins by applying the
     * tenant's setting and role for that transaction only, so a pooled connection never carries them into other work.
     */
    public Database asTenant(TenantContext tenant) {
        return new TenantDatabase(core, tenant);
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
        return pool.dataSource();
    }

    /**
     * A snapshot of the pool: size, use, acquire times, timeouts, leaks and retirements by reason, and the statements,
     * transactions and errors this client counted (zero when {@code metricsEnabled} is off).
     */
    public PoolStats poolStats() {
        return observability.withCounts(pool.stats());
    }

    /**
     * A client-side {@code pg_stat_statements}: calls, errors, rows and times per normalised statement, by total time,
     * and how many statements were slow; empty when {@code metricsEnabled} is off.
     */
    public StatementStats statementStats() {
        return observability.statementStats();
    }

    /**
     * Runs {@code operations} all or nothing in one transaction (joining one open on this thread), as JDBC batches of
     * consecutive identical SQL; see {@link Batches#executeBatch(Database, List, StatementBatchOptions)}.
     */
    public StatementBatchResult executeBatch(List<Sql> operations) {
        return executeBatch(operations, StatementBatchOptions.DEFAULT);
    }

    /** Runs {@code operations} as JDBC batches of consecutive identical SQL; see {@link Batches#executeBatch}. */
    public StatementBatchResult executeBatch(List<Sql> operations, StatementBatchOptions options) {
        return JdbcBatchRun.execute(this, operations, options, core.context().tracer(), core.context().serverSession());
    }

    /** Runs {@code work} over chunks of {@code items} on virtual threads; see {@link Batches#processItems}. */
    public <T, R> ItemsResult<T, R> processItems(List<T> items, ItemWork<T, R> work, ItemOptions options) {
        return ConcurrentRun.run(this, items, work, options, core.context().tracer());
    }

    /**
     * Stops taking work, waits up to the configured grace period for work in flight, then closes every connection.
     * Work submitted afterwards fails with {@link ClientClosedException}. Calling it again does nothing.
     */
    @Override
    public void close() {
        // First, so that listeners still running can finish their work with the pool.
        listeners.close();
        health.close();
        // Before the pool, so the last audit events can still be written with its connections.
        audit.close();
        if (replicas != null) {
            replicas.close();
        }
        pool.close();
    }

    /** Subscribes {@code listener} to {@code channel} with the default queue; see {@link #listen(String, NotificationListener, ListenOptions)}. */
    public Subscription listen(String channel, NotificationListener listener) {
        return listen(channel, listener, ListenOptions.DEFAULT);
    }

    /**
     * Subscribes {@code listener} to {@code channel} (an exact name; any text but NUL, up to 63 bytes) on this client's
     * one dedicated LISTEN connection, outside the pool, and returns once LISTEN is in effect. The connection comes back
     * by itself after a drop; notifications sent meanwhile are lost and reported to {@code onPossibleLoss}. Refused
     * with {@code pgbouncer=true} ({@link SessionRequiredException}): LISTEN needs a session of its own.
     */
    public Subscription listen(String channel, NotificationListener listener, ListenOptions options) {
        return listeners.subscribe(channel, listener, options);
    }

    /**
     * Sends {@code payload} (null for none) to {@code channel} with {@code pg_notify}, both bound as parameters;
     * listeners hear it once it commits. A payload of 8000 bytes or more, or a bad channel name, is refused unsent.
     */
    public void notify(String channel, String payload) {
        Channels.checkChannel(channel);
        Channels.checkPayload(channel, payload);
        runner.queryValue("SELECT pg_notify(?, ?)", String.class, channel, payload == null ? "" : payload);
    }

    /** COPY and bulk loading on this client's connections; see {@link CopyOperations}. */
    @Override
    public CopyOperations copy() {
        return CopyHandles.over(core.connections());
    }

    /** Streams {@code source} through binary COPY as typed rows; close the stream. Short for {@code copy().copyOut(source)}. */
    public Stream<Row> copyOut(CopyOutSource source) {
        return copy().copyOut(source);
    }

    /**
     * Inserts {@code rows} into {@code table}: multi-row INSERTs below 1,000 rows, binary COPY above. Short for
     * {@code copy().bulkInsert(table, columns, rows)}; see {@link BulkInsert}.
     */
    public BulkInsertResult bulkInsert(String table, List<String> columns, Iterable<?> rows) {
        return copy().bulkInsert(table, columns, rows);
    }

    @Override
    public String toString() {
        return "TuskClient[" + config + "]";
    }
}
