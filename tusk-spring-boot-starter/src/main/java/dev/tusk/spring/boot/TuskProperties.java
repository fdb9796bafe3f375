package dev.tusk.spring.boot;

import dev.tusk.config.ChannelBinding;
import dev.tusk.config.Profile;
import dev.tusk.config.ReadFallback;
import dev.tusk.config.SslMode;
import dev.tusk.config.SslNegotiation;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfigBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationUnit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every Tusk setting as a {@code tusk.*} property; one left unset (null) is resolved from the environment and the
 * profile's defaults as {@code TuskConfig.fromEnvironment} resolves it. Durations take Spring's format: {@code 500ms},
 * {@code 30s}, {@code 5m}, a bare number being milliseconds, except for the two whose {@code TUSK_*} variable counts
 * seconds: Spring binds {@code TUSK_AUDIT_RETENTION} and {@code TUSK_MAX_REPLICA_LAG} to them too, and must read them
 * as Tusk does. Each setting is documented in docs/configuration.md.
 */
@ConfigurationProperties(prefix = "tusk")
public class TuskProperties {
    /** The profile whose defaults and TLS rules apply: development, staging or production. */
    private Profile profile;
    /** The server's host, or a comma-separated list of hosts each optionally with :port. */
    private String host;
    /** The server's port, 1 to 65535. */
    private Integer port;
    /** The database to connect to. */
    private String database;
    /** The user to log in as; beats spring.datasource.username. */
    private String user;
    /** The password to log in with; beats spring.datasource.password. Never shown. */
    private String password;
    /** The application_name shown in pg_stat_activity, at most 63 characters. */
    private String applicationName;
    /** How long opening a connection may take; above 0. */
    private Duration connectTimeout;
    /** A libpq options string sent at connect, e.g. -c search_path=app. */
    private String options;
    /** Which of the listed servers to use: any, read-write, read-only, primary, standby, prefer-standby. */
    private TargetSessionAttrs targetSessionAttrs;
    /** Whether the server is PgBouncer in transaction mode. */
    private Boolean pgbouncer;
    /** TLS mode: disable, allow, prefer, require, verify-ca, verify-full. */
    private SslMode sslMode;
    /** The CA certificate file the server's certificate is checked against; the JVM's trust store when unset. */
    private Path sslRootCert;
    /** The client certificate file; needs ssl-key. */
    private Path sslCert;
    /** The client key file (PEM, DER or PKCS#12); needs ssl-cert. */
    private Path sslKey;
    /** The password of an encrypted ssl-key or of a PKCS#12 file. Never shown. */
    private String sslPassword;
    /** SCRAM channel binding: disable, prefer, require. */
    private ChannelBinding channelBinding;
    /** TLS negotiation: postgres, or direct (PostgreSQL 17+, needs ssl-mode require or stronger). */
    private SslNegotiation sslNegotiation;
    /** Whether the production profile accepts ssl-mode require and verify-ca. */
    private Boolean allowUnverifiedTls;
    /** Connections the pool keeps open, 0 to 10000, at most pool-max-size. */
    private Integer poolMinSize;
    /** Most connections the pool opens, 1 to 10000. */
    private Integer poolMaxSize;
    /** How long a caller waits for a pooled connection; at least 250ms. */
    private Duration acquireTimeout;
    /** Age at which a connection is retired; 0 (never) or at least 30s. */
    private Duration maxLifetime;
    /** How long an idle connection above the minimum is kept; 0 (never) or more. */
    private Duration idleTimeout;
    /** How often an idle connection is probed; 0 (never) or more. */
    private Duration keepaliveInterval;
    /** Statements a connection runs before it is retired; 0 (unlimited) or more. */
    private Long maxQueriesPerConnection;
    /** Pool use, in percent, above which the pool counts as near exhaustion; above 0, at most 100. */
    private Double exhaustionThresholdPercent;
    /** How long a lease may be held before it is reported as a potential leak; 0 (off) or more. */
    private Duration leakDetectionThreshold;
    /** Whether the pool opens its minimum connections before the client is returned. */
    private Boolean warmUp;
    /** The server-side statement_timeout; 0 (none) or more. */
    private Duration statementTimeout;
    /** The server-side idle_in_transaction_session_timeout; 0 (none) or more. */
    private Duration idleInTransactionTimeout;
    /** Prepared statements cached per connection, 0 to 100000. */
    private Integer preparedStatementCacheSize;
    /** Rows fetched per round trip when streaming, 1 to 1000000. */
    private Integer fetchSize;
    /** How long closing the client waits for work in flight; 0 (no wait) or more. */
    private Duration shutdownGracePeriod;
    /** Whether a connection's session state is reset when it returns to the pool. */
    private Boolean resetOnReturn;
    /** Retries of work that failed transiently, 0 to 100. */
    private Integer maxRetries;
    /** The first retry's delay; 0 or more. */
    private Duration retryDelay;
    /** The longest delay between retries; 0 or more. */
    private Duration retryMaxDelay;
    /** How long retries of one call may go on in all; above 0. */
    private Duration retryDeadline;
    /** Consecutive connection failures that open the circuit breaker, 0 (off) to 1000000. */
    private Integer circuitBreakerThreshold;
    /** How long the breaker stays open before it probes; above 0. */
    private Duration circuitBreakerTimeout;
    /** Whether Tusk counts statements, transactions and errors (and registers its meters). */
    private Boolean metricsEnabled;
    /** Statements slower than this are logged on dev.tusk.slow; 0 (off) or more. */
    private Duration slowQueryThreshold;
    /** Whether every statement is logged on dev.tusk.statements. */
    private Boolean logStatements;
    /** How often the background health check runs; 0 (never) or more. */
    private Duration healthCheckInterval;
    /** Whether security events are written to the audit table. */
    private Boolean auditEnabled;
    /** The audit table's schema, a lower-case SQL identifier. */
    private String auditSchema;
    /** The audit table's name, a lower-case SQL identifier. */
    private String auditTable;
    /** Audit events queued before new ones are dropped, 1 to 1000000. */
    private Integer auditQueueCapacity;
    /**
     * How long audit rows are kept; 0 (forever) or more.
     * A bare number is seconds, as in TUSK_AUDIT_RETENTION.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration auditRetention;
    /** One postgresql:// URL per read replica. */
    private List<String> readReplicas;
    /**
     * Replay lag above which a replica takes no reads; 0 (no limit) or more.
     * A bare number is seconds, as in TUSK_MAX_REPLICA_LAG.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration maxReplicaLag;
    /** How often replicas are probed; at least 10ms. */
    private Duration replicaCheckInterval;
    /** Where reads go when no replica takes them: primary or fail. */
    private ReadFallback readFallback;
    /** Whether a thread's reads wait for replicas to replay its own writes. */
    private Boolean readYourWrites;
    /** The profile setting, or null when not set. */
    public Profile getProfile() {
        return profile;
    }

    /** Sets the profile setting. */
    public void setProfile(Profile profile) {
        this.profile = profile;
    }
    /** The host setting, or null when not set. */
    public String getHost() {
        return host;
    }

    /** Sets the host setting. */
    public void setHost(String host) {
        this.host = host;
    }
    /** The port setting, or null when not set. */
    public Integer getPort() {
        return port;
    }

    /** Sets the port setting. */
    public void setPort(Integer port) {
        this.port = port;
    }
    /** The database setting, or null when not set. */
    public String getDatabase() {
        return database;
    }

    /** Sets the database setting. */
    public void setDatabase(String database) {
        this.database = database;
    }
    /** The user setting, or null when not set. */
    public String getUser() {
        return user;
    }

    /** Sets the user setting. */
    public void setUser(String user) {
        this.user = user;
    }
    /** The password setting, or null when not set. */
    public String getPassword() {
        return password;
    }

    /** Sets the password setting. */
    public void setPassword(String password) {
        this.password = password;
    }
    /** The application-name setting, or null when not set. */
    public String getApplicationName() {
        return applicationName;
    }

    /** Sets the application-name setting. */
    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }
    /** The connect-timeout setting, or null when not set. */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** Sets the connect-timeout setting. */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }
    /** The options setting, or null when not set. */
    public String getOptions() {
        return options;
    }

    /** Sets the options setting. */
    public void setOptions(String options) {
        this.options = options;
    }
    /** The target-session-attrs setting, or null when not set. */
    public TargetSessionAttrs getTargetSessionAttrs() {
        return targetSessionAttrs;
    }

    /** Sets the target-session-attrs setting. */
    public void setTargetSessionAttrs(TargetSessionAttrs targetSessionAttrs) {
        this.targetSessionAttrs = targetSessionAttrs;
    }
    /** The pgbouncer setting, or null when not set. */
    public Boolean getPgbouncer() {
        return pgbouncer;
    }

    /** Sets the pgbouncer setting. */
    public void setPgbouncer(Boolean pgbouncer) {
        this.pgbouncer = pgbouncer;
    }
    /** The ssl-mode setting, or null when not set. */
    public SslMode getSslMode() {
        return sslMode;
    }

    /** Sets the ssl-mode setting. */
    public void setSslMode(SslMode sslMode) {
        this.sslMode = sslMode;
    }
    /** The ssl-root-cert setting, or null when not set. */
    public Path getSslRootCert() {
        return sslRootCert;
    }

    /** Sets the ssl-root-cert setting. */
    public void setSslRootCert(Path sslRootCert) {
        this.sslRootCert = sslRootCert;
    }
    /** The ssl-cert setting, or null when not set. */
    public Path getSslCert() {
        return sslCert;
    }

    /** Sets the ssl-cert setting. */
    public void setSslCert(Path sslCert) {
        this.sslCert = sslCert;
    }
    /** The ssl-key setting, or null when not set. */
    public Path getSslKey() {
        return sslKey;
    }

    /** Sets the ssl-key setting. */
    public void setSslKey(Path sslKey) {
        this.sslKey = sslKey;
    }
    /** The ssl-password setting, or null when not set. */
    public String getSslPassword() {
        return sslPassword;
    }

    /** Sets the ssl-password setting. */
    public void setSslPassword(String sslPassword) {
        this.sslPassword = sslPassword;
    }
    /** The channel-binding setting, or null when not set. */
    public ChannelBinding getChannelBinding() {
        return channelBinding;
    }

    /** Sets the channel-binding setting. */
    public void setChannelBinding(ChannelBinding channelBinding) {
        this.channelBinding = channelBinding;
    }
    /** The ssl-negotiation setting, or null when not set. */
    public SslNegotiation getSslNegotiation() {
        return sslNegotiation;
    }

    /** Sets the ssl-negotiation setting. */
    public void setSslNegotiation(SslNegotiation sslNegotiation) {
        this.sslNegotiation = sslNegotiation;
    }
    /** The allow-unverified-tls setting, or null when not set. */
    public Boolean getAllowUnverifiedTls() {
        return allowUnverifiedTls;
    }

    /** Sets the allow-unverified-tls setting. */
    public void setAllowUnverifiedTls(Boolean allowUnverifiedTls) {
        this.allowUnverifiedTls = allowUnverifiedTls;
    }
    /** The pool-min-size setting, or null when not set. */
    public Integer getPoolMinSize() {
        return poolMinSize;
    }

    /** Sets the pool-min-size setting. */
    public void setPoolMinSize(Integer poolMinSize) {
        this.poolMinSize = poolMinSize;
    }
    /** The pool-max-size setting, or null when not set. */
    public Integer getPoolMaxSize() {
        return poolMaxSize;
    }

    /** Sets the pool-max-size setting. */
    public void setPoolMaxSize(Integer poolMaxSize) {
        this.poolMaxSize = poolMaxSize;
    }
    /** The acquire-timeout setting, or null when not set. */
    public Duration getAcquireTimeout() {
        return acquireTimeout;
    }

    /** Sets the acquire-timeout setting. */
    public void setAcquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
    }
    /** The max-lifetime setting, or null when not set. */
    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    /** Sets the max-lifetime setting. */
    public void setMaxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }
    /** The idle-timeout setting, or null when not set. */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /** Sets the idle-timeout setting. */
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }
    /** The keepalive-interval setting, or null when not set. */
    public Duration getKeepaliveInterval() {
        return keepaliveInterval;
    }

    /** Sets the keepalive-interval setting. */
    public void setKeepaliveInterval(Duration keepaliveInterval) {
        this.keepaliveInterval = keepaliveInterval;
    }
    /** The max-queries-per-connection setting, or null when not set. */
    public Long getMaxQueriesPerConnection() {
        return maxQueriesPerConnection;
    }

    /** Sets the max-queries-per-connection setting. */
    public void setMaxQueriesPerConnection(Long maxQueriesPerConnection) {
        this.maxQueriesPerConnection = maxQueriesPerConnection;
    }
    /** The exhaustion-threshold-percent setting, or null when not set. */
    public Double getExhaustionThresholdPercent() {
        return exhaustionThresholdPercent;
    }

    /** Sets the exhaustion-threshold-percent setting. */
    public void setExhaustionThresholdPercent(Double exhaustionThresholdPercent) {
        this.exhaustionThresholdPercent = exhaustionThresholdPercent;
    }
    /** The leak-detection-threshold setting, or null when not set. */
    public Duration getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** Sets the leak-detection-threshold setting. */
    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
    }
    /** The warm-up setting, or null when not set. */
    public Boolean getWarmUp() {
        return warmUp;
    }

    /** Sets the warm-up setting. */
    public void setWarmUp(Boolean warmUp) {
        this.warmUp = warmUp;
    }
    /** The statement-timeout setting, or null when not set. */
    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    /** Sets the statement-timeout setting. */
    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }
    /** The idle-in-transaction-timeout setting, or null when not set. */
    public Duration getIdleInTransactionTimeout() {
        return idleInTransactionTimeout;
    }

    /** Sets the idle-in-transaction-timeout setting. */
    public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
        this.idleInTransactionTimeout = idleInTransactionTimeout;
    }
    /** The prepared-statement-cache-size setting, or null when not set. */
    public Integer getPreparedStatementCacheSize() {
        return preparedStatementCacheSize;
    }

    /** Sets the prepared-statement-cache-size setting. */
    public void setPreparedStatementCacheSize(Integer preparedStatementCacheSize) {
        this.preparedStatementCacheSize = preparedStatementCacheSize;
    }
    /** The fetch-size setting, or null when not set. */
    public Integer getFetchSize() {
        return fetchSize;
    }

    /** Sets the fetch-size setting. */
    public void setFetchSize(Integer fetchSize) {
        this.fetchSize = fetchSize;
    }
    /** The shutdown-grace-period setting, or null when not set. */
    public Duration getShutdownGracePeriod() {
        return shutdownGracePeriod;
    }

    /** Sets the shutdown-grace-period setting. */
    public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
        this.shutdownGracePeriod = shutdownGracePeriod;
    }
    /** The reset-on-return setting, or null when not set. */
    public Boolean getResetOnReturn() {
        return resetOnReturn;
    }

    /** Sets the reset-on-return setting. */
    public void setResetOnReturn(Boolean resetOnReturn) {
        this.resetOnReturn = resetOnReturn;
    }
    /** The max-retries setting, or null when not set. */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    /** Sets the max-retries setting. */
    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }
    /** The retry-delay setting, or null when not set. */
    public Duration getRetryDelay() {
        return retryDelay;
    }

    /** Sets the retry-delay setting. */
    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }
    /** The retry-max-delay setting, or null when not set. */
    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** Sets the retry-max-delay setting. */
    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }
    /** The retry-deadline setting, or null when not set. */
    public Duration getRetryDeadline() {
        return retryDeadline;
    }

    /** Sets the retry-deadline setting. */
    public void setRetryDeadline(Duration retryDeadline) {
        this.retryDeadline = retryDeadline;
    }
    /** The circuit-breaker-threshold setting, or null when not set. */
    public Integer getCircuitBreakerThreshold() {
        return circuitBreakerThreshold;
    }

    /** Sets the circuit-breaker-threshold setting. */
    public void setCircuitBreakerThreshold(Integer circuitBreakerThreshold) {
        this.circuitBreakerThreshold = circuitBreakerThreshold;
    }
    /** The circuit-breaker-timeout setting, or null when not set. */
    public Duration getCircuitBreakerTimeout() {
        return circuitBreakerTimeout;
    }

    /** Sets the circuit-breaker-timeout setting. */
    public void setCircuitBreakerTimeout(Duration circuitBreakerTimeout) {
        this.circuitBreakerTimeout = circuitBreakerTimeout;
    }
    /** The metrics-enabled setting, or null when not set. */
    public Boolean getMetricsEnabled() {
        return metricsEnabled;
    }

    /** Sets the metrics-enabled setting. */
    public void setMetricsEnabled(Boolean metricsEnabled) {
        this.metricsEnabled = metricsEnabled;
    }
    /** The slow-query-threshold setting, or null when not set. */
    public Duration getSlowQueryThreshold() {
        return slowQueryThreshold;
    }

    /** Sets the slow-query-threshold setting. */
    public void setSlowQueryThreshold(Duration slowQueryThreshold) {
        this.slowQueryThreshold = slowQueryThreshold;
    }
    /** The log-statements setting, or null when not set. */
    public Boolean getLogStatements() {
        return logStatements;
    }

    /** Sets the log-statements setting. */
    public void setLogStatements(Boolean logStatements) {
        this.logStatements = logStatements;
    }
    /** The health-check-interval setting, or null when not set. */
    public Duration getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /** Sets the health-check-interval setting. */
    public void setHealthCheckInterval(Duration healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }
    /** The audit-enabled setting, or null when not set. */
    public Boolean getAuditEnabled() {
        return auditEnabled;
    }

    /** Sets the audit-enabled setting. */
    public void setAuditEnabled(Boolean auditEnabled) {
        this.auditEnabled = auditEnabled;
    }
    /** The audit-schema setting, or null when not set. */
    public String getAuditSchema() {
        return auditSchema;
    }

    /** Sets the audit-schema setting. */
    public void setAuditSchema(String auditSchema) {
        this.auditSchema = auditSchema;
    }
    /** The audit-table setting, or null when not set. */
    public String getAuditTable() {
        return auditTable;
    }

    /** Sets the audit-table setting. */
    public void setAuditTable(String auditTable) {
        this.auditTable = auditTable;
    }
    /** The audit-queue-capacity setting, or null when not set. */
    public Integer getAuditQueueCapacity() {
        return auditQueueCapacity;
    }

    /** Sets the audit-queue-capacity setting. */
    public void setAuditQueueCapacity(Integer auditQueueCapacity) {
        this.auditQueueCapacity = auditQueueCapacity;
    }
    /** The audit-retention setting, or null when not set. */
    public Duration getAuditRetention() {
        return auditRetention;
    }

    /** Sets the audit-retention setting. */
    public void setAuditRetention(Duration auditRetention) {
        this.auditRetention = auditRetention;
    }
    /** The read-replicas setting, or null when not set. */
    public List<String> getReadReplicas() {
        return readReplicas;
    }

    /** Sets the read-replicas setting. */
    public void setReadReplicas(List<String> readReplicas) {
        this.readReplicas = readReplicas;
    }
    /** The max-replica-lag setting, or null when not set. */
    public Duration getMaxReplicaLag() {
        return maxReplicaLag;
    }

    /** Sets the max-replica-lag setting. */
    public void setMaxReplicaLag(Duration maxReplicaLag) {
        this.maxReplicaLag = maxReplicaLag;
    }
    /** The replica-check-interval setting, or null when not set. */
    public Duration getReplicaCheckInterval() {
        return replicaCheckInterval;
    }

    /** Sets the replica-check-interval setting. */
    public void setReplicaCheckInterval(Duration replicaCheckInterval) {
        this.replicaCheckInterval = replicaCheckInterval;
    }
    /** The read-fallback setting, or null when not set. */
    public ReadFallback getReadFallback() {
        return readFallback;
    }

    /** Sets the read-fallback setting. */
    public void setReadFallback(ReadFallback readFallback) {
        this.readFallback = readFallback;
    }
    /** The read-your-writes setting, or null when not set. */
    public Boolean getReadYourWrites() {
        return readYourWrites;
    }

    /** Sets the read-your-writes setting. */
    public void setReadYourWrites(Boolean readYourWrites) {
        this.readYourWrites = readYourWrites;
    }
    /**
     * Sets every property that is not null on {@code builder}; a value the builder refuses fails with an
     * {@link InvalidConfigurationPropertyValueException} naming the property and its value, or for a secret an
     * {@link IllegalArgumentException} naming the property with {@code ***} for its value.
     */
    void applyTo(TuskConfigBuilder builder) {
        apply("tusk.profile", profile, false, builder::profile);
        apply("tusk.host", host, false, builder::host);
        apply("tusk.port", port, false, builder::port);
        apply("tusk.database", database, false, builder::database);
        apply("tusk.user", user, false, builder::user);
        apply("tusk.password", password, true, builder::password);
        apply("tusk.application-name", applicationName, false, builder::applicationName);
        apply("tusk.connect-timeout", connectTimeout, false, builder::connectTimeout);
        apply("tusk.options", options, false, builder::options);
        apply("tusk.target-session-attrs", targetSessionAttrs, false, builder::targetSessionAttrs);
        apply("tusk.pgbouncer", pgbouncer, false, builder::pgbouncer);
        apply("tusk.ssl-mode", sslMode, false, builder::sslMode);
        apply("tusk.ssl-root-cert", sslRootCert, false, builder::sslRootCert);
        apply("tusk.ssl-cert", sslCert, false, builder::sslCert);
        apply("tusk.ssl-key", sslKey, false, builder::sslKey);
        apply("tusk.ssl-password", sslPassword, true, builder::sslPassword);
        apply("tusk.channel-binding", channelBinding, false, builder::channelBinding);
        apply("tusk.ssl-negotiation", sslNegotiation, false, builder::sslNegotiation);
        apply("tusk.allow-unverified-tls", allowUnverifiedTls, false, builder::allowUnverifiedTls);
        apply("tusk.pool-min-size", poolMinSize, false, builder::poolMinSize);
        apply("tusk.pool-max-size", poolMaxSize, false, builder::poolMaxSize);
        apply("tusk.acquire-timeout", acquireTimeout, false, builder::acquireTimeout);
        apply("tusk.max-lifetime", maxLifetime, false, builder::maxLifetime);
        apply("tusk.idle-timeout", idleTimeout, false, builder::idleTimeout);
        apply("tusk.keepalive-interval", keepaliveInterval, false, builder::keepaliveInterval);
        apply("tusk.max-queries-per-connection", maxQueriesPerConnection, false, builder::maxQueriesPerConnection);
        apply("tusk.exhaustion-threshold-percent", exhaustionThresholdPercent, false,
                builder::exhaustionThresholdPercent);
        apply("tusk.leak-detection-threshold", leakDetectionThreshold, false, builder::leakDetectionThreshold);
        apply("tusk.warm-up", warmUp, false, builder::warmUp);
        apply("tusk.statement-timeout", statementTimeout, false, builder::statementTimeout);
        apply("tusk.idle-in-transaction-timeout", idleInTransactionTimeout, false, builder::idleInTransactionTimeout);
        apply("tusk.prepared-statement-cache-size", preparedStatementCacheSize, false,
                builder::preparedStatementCacheSize);
        apply("tusk.fetch-size", fetchSize, false, builder::fetchSize);
        apply("tusk.shutdown-grace-period", shutdownGracePeriod, false, builder::shutdownGracePeriod);
        apply("tusk.reset-on-return", resetOnReturn, false, builder::resetOnReturn);
        apply("tusk.max-retries", maxRetries, false, builder::maxRetries);
        apply("tusk.retry-delay", retryDelay, false, builder::retryDelay);
        apply("tusk.retry-max-delay", retryMaxDelay, false, builder::retryMaxDelay);
        apply("tusk.retry-deadline", retryDeadline, false, builder::retryDeadline);
        apply("tusk.circuit-breaker-threshold", circuitBreakerThreshold, false, builder::circuitBreakerThreshold);
        apply("tusk.circuit-breaker-timeout", circuitBreakerTimeout, false, builder::circuitBreakerTimeout);
        apply("tusk.metrics-enabled", metricsEnabled, false, builder::metricsEnabled);
        apply("tusk.slow-query-threshold", slowQueryThreshold, false, builder::slowQueryThreshold);
        apply("tusk.log-statements", logStatements, false, builder::logStatements);
        apply("tusk.health-check-interval", healthCheckInterval, false, builder::healthCheckInterval);
        apply("tusk.audit-enabled", auditEnabled, false, builder::auditEnabled);
        apply("tusk.audit-schema", auditSchema, false, builder::auditSchema);
        apply("tusk.audit-table", auditTable, false, builder::auditTable);
        apply("tusk.audit-queue-capacity", auditQueueCapacity, false, builder::auditQueueCapacity);
        apply("tusk.audit-retention", auditRetention, false, builder::auditRetention);
        apply("tusk.read-replicas", readReplicas, true, builder::readReplicas);
        apply("tusk.max-replica-lag", maxReplicaLag, false, builder::maxReplicaLag);
        apply("tusk.replica-check-interval", replicaCheckInterval, false, builder::replicaCheckInterval);
        apply("tusk.read-fallback", readFallback, false, builder::readFallback);
        apply("tusk.read-your-writes", readYourWrites, false, builder::readYourWrites);
    }

    private static <T> void apply(String property, T value, boolean secret, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            // The builder's message names its own setting; the property is what the user wrote. Boot's report of an
            // InvalidConfigurationPropertyValueException prints the value it finds in the environment, so a secret's
            // refusal is a plain exception that shows *** instead.
            if (secret) {
                throw new IllegalArgumentException("Invalid value '***' for configuration property '" + property
                        + "': " + e.getMessage(), e);
            }
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }
}
