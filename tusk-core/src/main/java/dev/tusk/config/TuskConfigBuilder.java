package dev.tusk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Collects the settings of a {@link TuskConfig}. Each setter checks its value at once and names it when it is wrong;
 * settings left unset take the chosen {@link Profile}'s defaults (development unless told otherwise).
 */
public final class TuskConfigBuilder {
    // Only settings that were set are present; a present null (a password of none) is a choice, not a gap.
    private final Map<Setting, Object> values = new EnumMap<>(Setting.class);

    TuskConfigBuilder() {
    }

    TuskConfigBuilder(TuskConfig config) {
        for (Setting setting : Setting.values()) {
            values.put(setting, setting.valueIn(config));
        }
    }

    /**
     * Takes host, port, database, user, password and the URL's query parameters; later setters override them. Throws a
     * {@link ConfigException} listing every problem, none of which repeats the URL.
     */
    public TuskConfigBuilder url(String url) {
        Problems problems = new Problems();
        Layer layer = ConnectionUrl.read(url, "connection URL", SettingSource.builder(), problems);
        problems.throwIfAny();
        layer.candidates().forEach((setting, candidate) -> set(setting, candidate.value()));
        return this;
    }

    /** Sets the servers to try in order, each with its port, as the host list {@code db1:5432,db2:5433} would. */
    public TuskConfigBuilder servers(java.util.List<ServerAddress> value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("servers must list at least one server, but was " + value);
        }
        return set(Setting.HOST, String.join(",", value.stream().map(ServerAddress::toString).toList()));
    }

    /** Sets the deployment profile whose defaults fill unset settings. */
    public TuskConfigBuilder profile(Profile value) {
        return set(Setting.PROFILE, value);
    }

    /**
     * Sets the server's host name or address, or libpq's comma-separated list of them, each optionally with its own
     * port ({@code db1:5432,db2:5433}); new connections go to the first that matches {@code targetSessionAttrs}.
     */
    public TuskConfigBuilder host(String value) {
        return set(Setting.HOST, value);
    }

    /** Sets the server's TCP port, 1 to 65535: also the port of every listed host that names none. */
    public TuskConfigBuilder port(int value) {
        return set(Setting.PORT, value);
    }

    /** Sets the database to connect to. */
    public TuskConfigBuilder database(String value) {
        return set(Setting.DATABASE, value);
    }

    /** Sets the role to log in as. */
    public TuskConfigBuilder user(String value) {
        return set(Setting.USER, value);
    }

    /** Sets the password, or null for none. */
    public TuskConfigBuilder password(String value) {
        return set(Setting.PASSWORD, value);
    }

    /**
     * Sets code that hands out the user and password (or token) for each new connection, so they can change while the
     * client runs; open connections keep their login. Replaces {@code user} and {@code password} for logins, null for none.
     */
    public TuskConfigBuilder credentials(CredentialsProvider value) {
        return set(Setting.CREDENTIALS, value);
    }

    /** Sets the application_name sessions report, at most 63 characters. */
    public TuskConfigBuilder applicationName(String value) {
        return set(Setting.APPLICATION_NAME, value);
    }

    /** Sets how long opening one connection may take. */
    public TuskConfigBuilder connectTimeout(Duration value) {
        return set(Setting.CONNECT_TIMEOUT, value);
    }

    /** Sets libpq options sent at connect, such as -c search_path=app. */
    public TuskConfigBuilder options(String value) {
        return set(Setting.OPTIONS, value);
    }

    /** Sets which kind of server a connection must land on. */
    public TuskConfigBuilder targetSessionAttrs(TargetSessionAttrs value) {
        return set(Setting.TARGET_SESSION_ATTRS, value);
    }

    /** Sets whether a PgBouncer in transaction mode sits in front of the server. */
    public TuskConfigBuilder pgbouncer(boolean value) {
        return set(Setting.PGBOUNCER, value);
    }

    /** Sets how hard to insist on TLS. */
    public TuskConfigBuilder sslMode(SslMode value) {
        return set(Setting.SSL_MODE, value);
    }

    /** Sets the CA certificate that signs the server's. */
    public TuskConfigBuilder sslRootCert(Path value) {
        return set(Setting.SSL_ROOT_CERT, value);
    }

    /** Sets the client certificate. */
    public TuskConfigBuilder sslCert(Path value) {
        return set(Setting.SSL_CERT, value);
    }

    /** Sets the client certificate's private key. */
    public TuskConfigBuilder sslKey(Path value) {
        return set(Setting.SSL_KEY, value);
    }

    /** Sets the password that decrypts an encrypted client key (PKCS#8 or PKCS#1 PEM) or a PKCS#12 file; never printed. */
    public TuskConfigBuilder sslPassword(String value) {
        return set(Setting.SSL_PASSWORD, value);
    }

    /** Sets whether SCRAM logins bind to the TLS channel; require refuses a login without TLS and SCRAM-SHA-256-PLUS. */
    public TuskConfigBuilder channelBinding(ChannelBinding value) {
        return set(Setting.CHANNEL_BINDING, value);
    }

    /** Sets how TLS starts; direct needs PostgreSQL 17 or later and sslMode require or stronger. */
    public TuskConfigBuilder sslNegotiation(SslNegotiation value) {
        return set(Setting.SSL_NEGOTIATION, value);
    }

    /**
     * Sets whether the production profile accepts sslMode require or verify-ca, which do not verify the server's
     * identity; every client start then logs a WARN. No other mode is ever accepted in production.
     */
    public TuskConfigBuilder allowUnverifiedTls(boolean value) {
        return set(Setting.ALLOW_UNVERIFIED_TLS, value);
    }

    /** Sets connections kept open when idle, 0 to 10000. */
    public TuskConfigBuilder poolMinSize(int value) {
        return set(Setting.POOL_MIN_SIZE, value);
    }

    /** Sets the most connections the pool opens, 1 to 10000. */
    public TuskConfigBuilder poolMaxSize(int value) {
        return set(Setting.POOL_MAX_SIZE, value);
    }

    /** Sets how long a caller waits for a free connection, at least 250 ms. */
    public TuskConfigBuilder acquireTimeout(Duration value) {
        return set(Setting.ACQUIRE_TIMEOUT, value);
    }

    /** Sets the age at which a connection is retired, or zero for never. */
    public TuskConfigBuilder maxLifetime(Duration value) {
        return set(Setting.MAX_LIFETIME, value);
    }

    /** Sets how long a connection above the minimum may idle, or zero for never. */
    public TuskConfigBuilder idleTimeout(Duration value) {
        return set(Setting.IDLE_TIMEOUT, value);
    }

    /** Sets how often idle connections are probed, or zero for never. */
    public TuskConfigBuilder keepaliveInterval(Duration value) {
        return set(Setting.KEEPALIVE_INTERVAL, value);
    }

    /** Sets the statements a connection runs before it is retired at the end of a lease, or zero for unlimited. */
    public TuskConfigBuilder maxQueriesPerConnection(long value) {
        return set(Setting.MAX_QUERIES_PER_CONNECTION, value);
    }

    /** Sets pool utilization in percent at which exhaustion is reported. */
    public TuskConfigBuilder exhaustionThresholdPercent(double value) {
        return set(Setting.EXHAUSTION_THRESHOLD_PERCENT, value);
    }

    /** Sets how long a connection may be held before it is reported as a potential leak, or zero for off. */
    public TuskConfigBuilder leakDetectionThreshold(Duration value) {
        return set(Setting.LEAK_DETECTION_THRESHOLD, value);
    }

    /** Sets whether connecting waits until the minimum number of connections is open. */
    public TuskConfigBuilder warmUp(boolean value) {
        return set(Setting.WARM_UP, value);
    }

    /** Sets the default limit on one statement, or zero for none. */
    public TuskConfigBuilder statementTimeout(Duration value) {
        return set(Setting.STATEMENT_TIMEOUT, value);
    }

    /** Sets how long a session may idle inside a transaction, or zero for no limit. */
    public TuskConfigBuilder idleInTransactionTimeout(Duration value) {
        return set(Setting.IDLE_IN_TRANSACTION_TIMEOUT, value);
    }

    /** Sets server-side prepared statements cached per connection. */
    public TuskConfigBuilder preparedStatementCacheSize(int value) {
        return set(Setting.PREPARED_STATEMENT_CACHE_SIZE, value);
    }

    /** Sets rows fetched per round trip when streaming. */
    public TuskConfigBuilder fetchSize(int value) {
        return set(Setting.FETCH_SIZE, value);
    }

    /** Sets how long close() waits for work in flight. */
    public TuskConfigBuilder shutdownGracePeriod(Duration value) {
        return set(Setting.SHUTDOWN_GRACE_PERIOD, value);
    }

    /** Sets whether each connection's session state is reset with {@code DISCARD ALL} when it comes back to the pool. */
    public TuskConfigBuilder resetOnReturn(boolean value) {
        return set(Setting.RESET_ON_RETURN, value);
    }

    /** Sets retries of work that is safe to retry, zero for none. */
    public TuskConfigBuilder maxRetries(int value) {
        return set(Setting.MAX_RETRIES, value);
    }

    /** Sets the first retry backoff; later ones grow exponentially. */
    public TuskConfigBuilder retryDelay(Duration value) {
        return set(Setting.RETRY_DELAY, value);
    }

    /** Sets the most one backoff delay may grow to. */
    public TuskConfigBuilder retryMaxDelay(Duration value) {
        return set(Setting.RETRY_MAX_DELAY, value);
    }

    /** Sets how long one call may spend retrying, from its start, at most. */
    public TuskConfigBuilder retryDeadline(Duration value) {
        return set(Setting.RETRY_DEADLINE, value);
    }

    /** Sets consecutive failures that open the circuit breaker. */
    public TuskConfigBuilder circuitBreakerThreshold(int value) {
        return set(Setting.CIRCUIT_BREAKER_THRESHOLD, value);
    }

    /** Sets how long the breaker stays open before a trial call. */
    public TuskConfigBuilder circuitBreakerTimeout(Duration value) {
        return set(Setting.CIRCUIT_BREAKER_TIMEOUT, value);
    }

    /** Sets whether metrics are recorded. */
    public TuskConfigBuilder metricsEnabled(boolean value) {
        return set(Setting.METRICS_ENABLED, value);
    }

    /** Sets statements slower than this are reported as slow, or zero for off. */
    public TuskConfigBuilder slowQueryThreshold(Duration value) {
        return set(Setting.SLOW_QUERY_THRESHOLD, value);
    }

    /** Sets whether every statement is logged, normalised and without its values, at INFO on {@code dev.tusk.statements}. */
    public TuskConfigBuilder logStatements(boolean value) {
        return set(Setting.LOG_STATEMENTS, value);
    }

    /** Sets how often the background health check runs, or zero for never. */
    public TuskConfigBuilder healthCheckInterval(Duration value) {
        return set(Setting.HEALTH_CHECK_INTERVAL, value);
    }

    /** Sets whether {@code client.audit()} writes its events to the audit table. */
    public TuskConfigBuilder auditEnabled(boolean value) {
        return set(Setting.AUDIT_ENABLED, value);
    }

    /** Sets the schema of the audit table, a lower-case SQL identifier. */
    public TuskConfigBuilder auditSchema(String value) {
        return set(Setting.AUDIT_SCHEMA, value);
    }

    /** Sets the audit table, a lower-case SQL identifier; it is created if missing. */
    public TuskConfigBuilder auditTable(String value) {
        return set(Setting.AUDIT_TABLE, value);
    }

    /** Sets how many audit events are held in memory before new ones are dropped and counted. */
    public TuskConfigBuilder auditQueueCapacity(int value) {
        return set(Setting.AUDIT_QUEUE_CAPACITY, value);
    }

    /** Sets the age past which audit rows are deleted, or zero to keep them. */
    public TuskConfigBuilder auditRetention(Duration value) {
        return set(Setting.AUDIT_RETENTION, value);
    }

    /**
     * Sets the read replicas {@code client.readOnly()} work goes to, each a URL of one server,
     * {@code postgresql://[user[:password]@]host[:port][/database]}; database, user and password default to the
     * client's. An empty list means none. Throws a {@link ConfigException} naming every bad entry by its position.
     */
    public TuskConfigBuilder readReplicas(java.util.List<String> urls) {
        return set(Setting.READ_REPLICAS, ReplicaUrls.readOrThrow(urls, "readReplicas"));
    }

    /** Sets the replay lag at or over which a replica is skipped for reads, or zero for no limit. */
    public TuskConfigBuilder maxReplicaLag(Duration value) {
        return set(Setting.MAX_REPLICA_LAG, value);
    }

    /** Sets how often each replica's health and replay position are probed in the background, at least 10 ms. */
    public TuskConfigBuilder replicaCheckInterval(Duration value) {
        return set(Setting.REPLICA_CHECK_INTERVAL, value);
    }

    /** Sets what read-only work does when no replica is healthy: run on the primary, or fail. */
    public TuskConfigBuilder readFallback(ReadFallback value) {
        return set(Setting.READ_FALLBACK, value);
    }

    /**
     * Sets whether a thread's read-only work goes to a replica only once that replica has replayed the thread's last
     * write through this client (else to the primary); costs one round trip after each call on the primary.
     */
    public TuskConfigBuilder readYourWrites(boolean value) {
        return set(Setting.READ_YOUR_WRITES, value);
    }

    /** Fills unset settings from the profile's defaults, checks the settings against each other, and returns the config. */
    public TuskConfig build() {
        Profile profile = (Profile) value(Setting.PROFILE, Profile.DEVELOPMENT);
        return new TuskConfig(
                profile,
                (String) value(Setting.HOST, profile),
                (Integer) value(Setting.PORT, profile),
                (String) value(Setting.DATABASE, profile),
                (String) value(Setting.USER, profile),
                (String) value(Setting.PASSWORD, profile),
                (CredentialsProvider) value(Setting.CREDENTIALS, profile),
                (String) value(Setting.APPLICATION_NAME, profile),
                (Duration) value(Setting.CONNECT_TIMEOUT, profile),
                (String) value(Setting.OPTIONS, profile),
                (TargetSessionAttrs) value(Setting.TARGET_SESSION_ATTRS, profile),
                (Boolean) value(Setting.PGBOUNCER, profile),
                (SslMode) value(Setting.SSL_MODE, profile),
                (Path) value(Setting.SSL_ROOT_CERT, profile),
                (Path) value(Setting.SSL_CERT, profile),
                (Path) value(Setting.SSL_KEY, profile),
                (String) value(Setting.SSL_PASSWORD, profile),
                (ChannelBinding) value(Setting.CHANNEL_BINDING, profile),
                (SslNegotiation) value(Setting.SSL_NEGOTIATION, profile),
                (Boolean) value(Setting.ALLOW_UNVERIFIED_TLS, profile),
                (Integer) value(Setting.POOL_MIN_SIZE, profile),
                (Integer) value(Setting.POOL_MAX_SIZE, profile),
                (Duration) value(Setting.ACQUIRE_TIMEOUT, profile),
                (Duration) value(Setting.MAX_LIFETIME, profile),
                (Duration) value(Setting.IDLE_TIMEOUT, profile),
                (Duration) value(Setting.KEEPALIVE_INTERVAL, profile),
                (Long) value(Setting.MAX_QUERIES_PER_CONNECTION, profile),
                (Double) value(Setting.EXHAUSTION_THRESHOLD_PERCENT, profile),
                (Duration) value(Setting.LEAK_DETECTION_THRESHOLD, profile),
                (Boolean) value(Setting.WARM_UP, profile),
                (Duration) value(Setting.STATEMENT_TIMEOUT, profile),
                (Duration) value(Setting.IDLE_IN_TRANSACTION_TIMEOUT, profile),
                (Integer) value(Setting.PREPARED_STATEMENT_CACHE_SIZE, profile),
                (Integer) value(Setting.FETCH_SIZE, profile),
                (Duration) value(Setting.SHUTDOWN_GRACE_PERIOD, profile),
                (Boolean) value(Setting.RESET_ON_RETURN, profile),
                (Integer) value(Setting.MAX_RETRIES, profile),
                (Duration) value(Setting.RETRY_DELAY, profile),
                (Duration) value(Setting.RETRY_MAX_DELAY, profile),
                (Duration) value(Setting.RETRY_DEADLINE, profile),
                (Integer) value(Setting.CIRCUIT_BREAKER_THRESHOLD, profile),
                (Duration) value(Setting.CIRCUIT_BREAKER_TIMEOUT, profile),
                (Boolean) value(Setting.METRICS_ENABLED, profile),
                (Duration) value(Setting.SLOW_QUERY_THRESHOLD, profile),
                (Boolean) value(Setting.LOG_STATEMENTS, profile),
                (Duration) value(Setting.HEALTH_CHECK_INTERVAL, profile),
                (Boolean) value(Setting.AUDIT_ENABLED, profile),
                (String) value(Setting.AUDIT_SCHEMA, profile),
                (String) value(Setting.AUDIT_TABLE, profile),
                (Integer) value(Setting.AUDIT_QUEUE_CAPACITY, profile),
                (Duration) value(Setting.AUDIT_RETENTION, profile),
                readReplicas(value(Setting.READ_REPLICAS, profile)),
                (Duration) value(Setting.MAX_REPLICA_LAG, profile),
                (Duration) value(Setting.REPLICA_CHECK_INTERVAL, profile),
                (ReadFallback) value(Setting.READ_FALLBACK, profile),
                (Boolean) value(Setting.READ_YOUR_WRITES, profile));
    }

    /** Checks {@code value} against the setting's rule and records it as set. */
    TuskConfigBuilder set(Setting setting, Object value) {
        setting.check(value);
        values.put(setting, value);
        return this;
    }

    /** The settings set on this builder so far, with their values. */
    Map<Setting, Object> explicitValues() {
        return new EnumMap<>(values);
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<ReadReplica> readReplicas(Object value) {
        return (java.util.List<ReadReplica>) value;
    }

    private Object value(Setting setting, Profile profile) {
        return values.containsKey(setting) ? values.get(setting) : Defaults.of(setting, profile);
    }
}
