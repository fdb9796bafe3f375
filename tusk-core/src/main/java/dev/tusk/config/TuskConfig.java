package dev.tusk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything Tusk needs to connect, pool, query and recover: immutable, validated when constructed (by
 * {@link #builder()} or directly), and safe to print, since {@link #toString()} never shows the password.
 *
 * @param profile                   the deployment profile whose defaults filled unset settings
 * @param host                      the server's host name or address, or libpq's comma-separated list of them, each
 *                                  optionally with its own port ({@code db1:5432,db2:5433}); see {@link #servers()}
 * @param port                      the server's TCP port, and the port of every listed host that names none
 * @param database                  the database to connect to
 * @param user                      the role to log in as
 * @param password                  the password, or null; never printed
 * @param credentials               called for each new connection for its user and password (a rotating secret, an IAM
 *                                  token), or null to log in with {@code user} and {@code password}
 * @param applicationName           the {@code application_name} every session reports
 * @param connectTimeout            how long opening one connection may take
 * @param options                   libpq {@code options} sent at connect, such as {@code -c search_path=app}, or null
 * @param targetSessionAttrs        which kind of server a connection must land on
 * @param pgbouncer                 whether a PgBouncer in transaction mode sits in front: no server-side prepared statements
 * @param sslMode                   how hard to insist on TLS
 * @param sslRootCert               the CA certificate that signs the server's, or null for the JVM's trust store
 * @param sslCert                   the client certificate, or null
 * @param sslKey                    the client certificate's private key, or null; its content is never read into messages
 * @param sslPassword               the password that decrypts an encrypted {@code sslKey} (or a PKCS#12 file), or null;
 *                                  never printed
 * @param channelBinding            whether SCRAM logins bind to the TLS channel: disable, prefer or require
 * @param sslNegotiation            how TLS starts: after an SSLRequest (postgres) or at once (direct, PostgreSQL 17+)
 * @param allowUnverifiedTls        whether the production profile accepts sslMode require or verify-ca (TLS that does not
 *                                  verify the server's identity), logged at WARN at every client start
 * @param poolMinSize               connections kept open when idle
 * @param poolMaxSize               the most connections the pool opens
 * @param acquireTimeout            how long a caller waits for a free connection
 * @param maxLifetime               the age at which a connection is retired (with jitter), or zero for never
 * @param idleTimeout               how long a connection above the minimum may sit idle before it is closed, or zero for never
 * @param keepaliveInterval         how often an idle connection is probed, or zero for never
 * @param maxQueriesPerConnection   statements after which a connection is retired when its lease returns, or zero for unlimited
 * @param exhaustionThresholdPercent pool utilization, in percent, at which an exhaustion episode is logged and counted
 * @param leakDetectionThreshold    how long a connection may be held before it is reported as a potential leak, or zero for off
 * @param warmUp                    whether connecting waits until {@code poolMinSize} connections are open and validated
 * @param statementTimeout          the default limit on one statement, or zero for none
 * @param idleInTransactionTimeout  how long a session may sit idle inside a transaction, or zero for no limit
 * @param preparedStatementCacheSize server-side prepared statements cached per connection
 * @param fetchSize                 rows fetched per round trip when streaming
 * @param shutdownGracePeriod       how long {@code close()} waits for work in flight
 * @param resetOnReturn             whether a connection's session state is reset ({@code DISCARD ALL}) each time it
 *                                  comes back to the pool
 * @param maxRetries                retries of work that is safe to retry, zero for none
 * @param retryDelay                the first backoff delay; later ones grow exponentially, each drawn at random
 *                                  below its bound (full jitter)
 * @param retryMaxDelay             the most one backoff delay may grow to
 * @param retryDeadline             how long one call may spend retrying, from its start, at most; a shorter per-call
 *                                  timeout wins
 * @param circuitBreakerThreshold   consecutive failures that open the circuit breaker
 * @param circuitBreakerTimeout     how long the breaker stays open before letting a trial call through
 * @param metricsEnabled            whether metrics are recorded
 * @param slowQueryThreshold        statements slower than this are logged and counted as slow, or zero for off
 * @param logStatements             whether every statement is logged (normalised, without its values) at INFO
 * @param healthCheckInterval       how often the background health check runs, or zero for never
 * @param auditEnabled              whether {@code client.audit()} writes its events to the audit table
 * @param auditSchema               the schema of the audit table
 * @param auditTable                the audit table, created if missing
 * @param auditQueueCapacity        audit events held in memory before new ones are dropped and counted
 * @param auditRetention            audit rows older than this are deleted in bounded chunks, or zero to keep them
 * @param readReplicas              the servers {@code client.readOnly()} work is spread over; empty for none
 * @param maxReplicaLag             replay lag at or over which a replica is skipped for reads, or zero for no limit
 * @param replicaCheckInterval      how often each replica's health and replay position are probed
 * @param readFallback              what read-only work does when no replica is healthy: primary or fail
 * @param readYourWrites            whether a thread's reads go to a replica only once it has replayed that thread's
 *                                  last write through the client
 */
public record TuskConfig(
        Profile profile,
        String host,
        int port,
        String database,
        String user,
        String password,
        CredentialsProvider credentials,
        String applicationName,
        Duration connectTimeout,
        String options,
        TargetSessionAttrs targetSessionAttrs,
        boolean pgbouncer,
        SslMode sslMode,
        Path sslRootCert,
        Path sslCert,
        Path sslKey,
        String sslPassword,
        ChannelBinding channelBinding,
        SslNegotiation sslNegotiation,
        boolean allowUnverifiedTls,
        int poolMinSize,
        int poolMaxSize,
        Duration acquireTimeout,
        Duration maxLifetime,
        Duration idleTimeout,
        Duration keepaliveInterval,
        long maxQueriesPerConnection,
        double exhaustionThresholdPercent,
        Duration leakDetectionThreshold,
        boolean warmUp,
        Duration statementTimeout,
        Duration idleInTransactionTimeout,
        int preparedStatementCacheSize,
        int fetchSize,
        Duration shutdownGracePeriod,
        boolean resetOnReturn,
        int maxRetries,
        Duration retryDelay,
        Duration retryMaxDelay,
        Duration retryDeadline,
        int circuitBreakerThreshold,
        Duration circuitBreakerTimeout,
        boolean metricsEnabled,
        Duration slowQueryThreshold,
        boolean logStatements,
        Duration healthCheckInterval,
        boolean auditEnabled,
        String auditSchema,
        String auditTable,
        int auditQueueCapacity,
        Duration auditRetention,
        java.util.List<ReadReplica> readReplicas,
        Duration maxReplicaLag,
        Duration replicaCheckInterval,
        ReadFallback readFallback,
        boolean readYourWrites) {

    /** The port PostgreSQL listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 5432;

    /** libpq's words for the rule that a direct TLS handshake, having no plaintext fallback, needs a mode that insists on TLS. */
    static final String DIRECT_NEEDS_TLS = "sslnegotiation=direct requires sslmode require or stronger";
    /** The {@code application_name} sessions report unless told otherwise. */
    public static final String DEFAULT_APPLICATION_NAME = "tusk";

    /** Validates every setting and their relations; a direct construction is held to the same rules as the builder. */
    public TuskConfig {
        Setting.PROFILE.check(profile);
        Setting.HOST.check(host);
        Setting.PORT.check(port);
        Setting.DATABASE.check(database);
        Setting.USER.check(user);
        Setting.PASSWORD.check(password);
        Setting.CREDENTIALS.check(credentials);
        Setting.APPLICATION_NAME.check(applicationName);
        Setting.CONNECT_TIMEOUT.check(connectTimeout);
        Setting.OPTIONS.check(options);
        Setting.TARGET_SESSION_ATTRS.check(targetSessionAttrs);
        Setting.PGBOUNCER.check(pgbouncer);
        Setting.SSL_MODE.check(sslMode);
        Setting.SSL_ROOT_CERT.check(sslRootCert);
        Setting.SSL_CERT.check(sslCert);
        Setting.SSL_KEY.check(sslKey);
        Setting.SSL_PASSWORD.check(sslPassword);
        Setting.CHANNEL_BINDING.check(channelBinding);
        Setting.SSL_NEGOTIATION.check(sslNegotiation);
        Setting.ALLOW_UNVERIFIED_TLS.check(allowUnverifiedTls);
        Setting.POOL_MIN_SIZE.check(poolMinSize);
        Setting.POOL_MAX_SIZE.check(poolMaxSize);
        Setting.ACQUIRE_TIMEOUT.check(acquireTimeout);
        Setting.MAX_LIFETIME.check(maxLifetime);
        Setting.IDLE_TIMEOUT.check(idleTimeout);
        Setting.KEEPALIVE_INTERVAL.check(keepaliveInterval);
        Setting.MAX_QUERIES_PER_CONNECTION.check(maxQueriesPerConnection);
        Setting.EXHAUSTION_THRESHOLD_PERCENT.check(exhaustionThresholdPercent);
        Setting.LEAK_DETECTION_THRESHOLD.check(leakDetectionThreshold);
        Setting.WARM_UP.check(warmUp);
        Setting.STATEMENT_TIMEOUT.check(statementTimeout);
        Setting.IDLE_IN_TRANSACTION_TIMEOUT.check(idleInTransactionTimeout);
        Setting.PREPARED_STATEMENT_CACHE_SIZE.check(preparedStatementCacheSize);
        Setting.FETCH_SIZE.check(fetchSize);
        Setting.SHUTDOWN_GRACE_PERIOD.check(shutdownGracePeriod);
        Setting.RESET_ON_RETURN.check(resetOnReturn);
        Setting.MAX_RETRIES.check(maxRetries);
        Setting.RETRY_DELAY.check(retryDelay);
        Setting.RETRY_MAX_DELAY.check(retryMaxDelay);
        Setting.RETRY_DEADLINE.check(retryDeadline);
        Setting.CIRCUIT_BREAKER_THRESHOLD.check(circuitBreakerThreshold);
        Setting.CIRCUIT_BREAKER_TIMEOUT.check(circuitBreakerTimeout);
        Setting.METRICS_ENABLED.check(metricsEnabled);
        Setting.SLOW_QUERY_THRESHOLD.check(slowQueryThreshold);
        Setting.LOG_STATEMENTS.check(logStatements);
        Setting.HEALTH_CHECK_INTERVAL.check(healthCheckInterval);
        Setting.AUDIT_ENABLED.check(auditEnabled);
        Setting.AUDIT_SCHEMA.check(auditSchema);
        Setting.AUDIT_TABLE.check(auditTable);
        Setting.AUDIT_QUEUE_CAPACITY.check(auditQueueCapacity);
        Setting.AUDIT_RETENTION.check(auditRetention);
        Setting.READ_REPLICAS.check(readReplicas);
        readReplicas = java.util.List.copyOf(readReplicas);
        Setting.MAX_REPLICA_LAG.check(maxReplicaLag);
        Setting.REPLICA_CHECK_INTERVAL.check(replicaCheckInterval);
        Setting.READ_FALLBACK.check(readFallback);
        Setting.READ_YOUR_WRITES.check(readYourWrites);
        if (retryMaxDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("retryMaxDelay (" + retryMaxDelay + ") must not be shorter than retryDelay ("
                    + retryDelay + ")");
        }
        if (poolMinSize > poolMaxSize) {
            throw new IllegalArgumentException("poolMinSize (" + poolMinSize + ") must not exceed poolMaxSize ("
                    + poolMaxSize + ")");
        }
        if ((sslCert == null) != (sslKey == null)) {
            throw new IllegalArgumentException("sslCert and sslKey go together, but only "
                    + (sslCert == null ? "sslKey" : "sslCert") + " was set");
        }
        if (sslNegotiation == SslNegotiation.DIRECT && !sslMode.requiresTls()) {
            throw new IllegalArgumentException(DIRECT_NEEDS_TLS + ", but sslmode is " + sslMode.libpqName());
        }
        if (sslPassword != null && sslKey == null) {
            throw new IllegalArgumentException("sslPassword is set, but sslKey is not: the password decrypts the client "
                    + "key, so set sslCert and sslKey too, or remove sslPassword");
        }
        ProfileRules.enforce(profile, host, password, credentials, sslMode, sslCert, allowUnverifiedTls);
    }

    /** A builder with every setting at the development profile's defaults. */
    public static TuskConfigBuilder builder() {
        return new TuskConfigBuilder();
    }

    /** Parses a {@code postgresql://}, {@code postgres://} or {@code jdbc:postgresql://} URL into a config. */
    public static TuskConfig fromUrl(String url) {
        return builder().url(url).build();
    }

    /**
     * Loads a config from the process environment, {@code ~/.pgpass} and the active profile's defaults, with the
     * precedence documented in {@code docs/configuration.md}; fails with every bad value listed.
     */
    public static TuskConfig fromEnvironment() {
        return ConfigLoader.fromSystem().load().config();
    }

    /** Like {@link #fromEnvironment()}, but the values {@code explicit} sets on the builder beat every other source. */
    public static TuskConfig fromEnvironment(Consumer<? super TuskConfigBuilder> explicit) {
        return ConfigLoader.fromSystem().load(explicit).config();
    }

    /**
     * What this config gives up that an operator should hear about at every client start: under staging, TLS that
     * does not verify the server or a remote server without a password; under production, {@code allowUnverifiedTls}
     * in use. Empty under development. Never holds the password.
     */
    public java.util.List<String> securityWarnings() {
        return ProfileRules.warnings(this);
    }

    /**
     * The servers to connect to, in the order they are tried: one per entry of {@link #host()}, each with its own port
     * or else {@link #port()}. New connections go to the first one that accepts them and matches
     * {@link #targetSessionAttrs()}.
     */
    public java.util.List<ServerAddress> servers() {
        return HostList.parse(host, port);
    }

    /** Whether more than one server is listed, so that a failover can move connections from one to another. */
    public boolean hasSeveralServers() {
        return servers().size() > 1;
    }

    /** The servers as people read them: {@code db1:5432} or {@code db1:5432,db2:5433}. */
    public String serverList() {
        return String.join(",", servers().stream().map(ServerAddress::toString).toList());
    }

    /** The PgJDBC URL for this config, every listed server in order, without credentials or properties. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + serverList() + "/" + database;
    }

    /**
     * The read replicas with the client's database, user and password filled in where a replica's URL names none: what
     * each replica's pool connects with.
     */
    public java.util.List<ReadReplica> readReplicasResolved() {
        return readReplicas.stream().map(replica -> replica.withDefaults(database, user, password)).toList();
    }

    /**
     * The config of {@code replica}'s own pool: this config's settings, with the replica's address, its database, user
     * and password (this config's, and its {@code credentials} provider, where it names neither user nor password),
     * {@code targetSessionAttrs=any}, no minimum of idle
     * connections (the background probe keeps one open) and no warm-up, so a replica that is down cannot stop a
     * client from starting.
     */
    public TuskConfig forReplica(ReadReplica replica) {
        ReadReplica resolved = replica.withDefaults(database, user, password);
        TuskConfigBuilder builder = toBuilder().servers(java.util.List.of(resolved.address()))
                .database(resolved.database()).user(resolved.user()).password(resolved.password())
                .targetSessionAttrs(TargetSessionAttrs.ANY).poolMinSize(0).warmUp(false)
                .set(Setting.READ_REPLICAS, java.util.List.of());
        if (replica.user() != null || replica.password() != null) {
            // A replica URL with its own login means that login, not the client's credentials provider.
            builder.credentials(null);
        }
        return builder.build();
    }

    /**
     * The connection properties Tusk passes to PgJDBC with {@link #jdbcUrl()}, for code that must open plain JDBC
     * connections set up exactly as the client's; they hold the password, so never log them.
     */
    public java.util.Properties jdbcProperties() {
        return dev.tusk.config.internal.JdbcProperties.of(this);
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public TuskConfigBuilder toBuilder() {
        return new TuskConfigBuilder(this);
    }

    @Override
    public String toString() {
        return "TuskConfig[" + user + "@" + serverList() + "/" + database + ", profile=" + profile.profileName()
                + ", password=" + (password == null ? "none" : "***")
                + (credentials == null ? "" : ", credentials=provider") + ", sslMode=" + sslMode.libpqName()
                + ", applicationName=" + applicationName + ", pool=" + poolMinSize + ".." + poolMaxSize
                + ", acquireTimeout=" + acquireTimeout + ", statementTimeout=" + statementTimeout
                + (pgbouncer ? ", pgbouncer" : "")
                + (readReplicas.isEmpty() ? "" : ", readReplicas=" + Setting.READ_REPLICAS.display(readReplicas)) + "]";
    }
}
