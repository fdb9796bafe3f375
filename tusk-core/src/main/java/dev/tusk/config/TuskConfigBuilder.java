package dev.tusk.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Collects the settings of a {@link TuskConfig}. Each setter checks its value at once and names it when it is wrong;
 * settings left unset take the chosen {@link Profile}'s defaults (development unless told otherwise).
 */
public final class TuskConfigBuilder {
    private Profile profile;
    private String host;
    private Integer port;
    private String database;
    private String user;
    private String password;
    private String applicationName;
    private Duration connectTimeout;
    private String options;
    private TargetSessionAttrs targetSessionAttrs;
    private Boolean pgbouncer;
    private SslMode sslMode;
    private Path sslRootCert;
    private Path sslCert;
    private Path sslKey;
    private Integer poolMinSize;
    private Integer poolMaxSize;
    private Duration acquireTimeout;
    private Duration maxLifetime;
    private Duration idleTimeout;
    private Duration keepaliveInterval;
    private Long maxQueriesPerConnection;
    private Double exhaustionThresholdPercent;
    private Duration leakDetectionThreshold;
    private Boolean warmUp;
    private Duration statementTimeout;
    private Duration idleInTransactionTimeout;
    private Integer preparedStatementCacheSize;
    private Integer fetchSize;
    private Duration shutdownGracePeriod;
    private Integer maxRetries;
    private Duration retryDelay;
    private Integer circuitBreakerThreshold;
    private Duration circuitBreakerTimeout;
    private Boolean metricsEnabled;
    private Duration slowQueryThreshold;
    private Duration healthCheckInterval;

    TuskConfigBuilder() {
    }

    TuskConfigBuilder(TuskConfig config) {
        this.profile = config.profile();
        this.host = config.host();
        this.port = config.port();
        this.database = config.database();
        this.user = config.user();
        this.password = config.password();
        this.applicationName = config.applicationName();
        this.connectTimeout = config.connectTimeout();
        this.options = config.options();
        this.targetSessionAttrs = config.targetSessionAttrs();
        this.pgbouncer = config.pgbouncer();
        this.sslMode = config.sslMode();
        this.sslRootCert = config.sslRootCert();
        this.sslCert = config.sslCert();
        this.sslKey = config.sslKey();
        this.poolMinSize = config.poolMinSize();
        this.poolMaxSize = config.poolMaxSize();
        this.acquireTimeout = config.acquireTimeout();
        this.maxLifetime = config.maxLifetime();
        this.idleTimeout = config.idleTimeout();
        this.keepaliveInterval = config.keepaliveInterval();
        this.maxQueriesPerConnection = config.maxQueriesPerConnection();
        this.exhaustionThresholdPercent = config.exhaustionThresholdPercent();
        this.leakDetectionThreshold = config.leakDetectionThreshold();
        this.warmUp = config.warmUp();
        this.statementTimeout = config.statementTimeout();
        this.idleInTransactionTimeout = config.idleInTransactionTimeout();
        this.preparedStatementCacheSize = config.preparedStatementCacheSize();
        this.fetchSize = config.fetchSize();
        this.shutdownGracePeriod = config.shutdownGracePeriod();
        this.maxRetries = config.maxRetries();
        this.retryDelay = config.retryDelay();
        this.circuitBreakerThreshold = config.circuitBreakerThreshold();
        this.circuitBreakerTimeout = config.circuitBreakerTimeout();
        this.metricsEnabled = config.metricsEnabled();
        this.slowQueryThreshold = config.slowQueryThreshold();
        this.healthCheckInterval = config.healthCheckInterval();
    }

    /** Takes host, port, database, user, password and the URL's query parameters; later setters override them. */
    public TuskConfigBuilder url(String url) {
        ConnectionUrl.parse(url).applyTo(this);
        return this;
    }

    /** Sets the deployment profile whose defaults fill unset settings. */
    public TuskConfigBuilder profile(Profile value) {
        ConfigChecks.notNull("profile", value);
        this.profile = value;
        return this;
    }

    /** Sets the server's host name or address. */
    public TuskConfigBuilder host(String value) {
        ConfigChecks.notBlank("host", value);
        this.host = value;
        return this;
    }

    /** Sets the server's TCP port, 1 to 65535. */
    public TuskConfigBuilder port(int value) {
        ConfigChecks.range("port", value, 1, 65535);
        this.port = value;
        return this;
    }

    /** Sets the database to connect to. */
    public TuskConfigBuilder database(String value) {
        ConfigChecks.notBlank("database", value);
        this.database = value;
        return this;
    }

    /** Sets the role to log in as. */
    public TuskConfigBuilder user(String value) {
        ConfigChecks.notBlank("user", value);
        this.user = value;
        return this;
    }

    /** Sets the password, or null for none. */
    public TuskConfigBuilder password(String value) {
        this.password = value;
        return this;
    }

    /** Sets the application_name sessions report, at most 63 characters. */
    public TuskConfigBuilder applicationName(String value) {
        ConfigChecks.applicationName(value);
        this.applicationName = value;
        return this;
    }

    /** Sets how long opening one connection may take. */
    public TuskConfigBuilder connectTimeout(Duration value) {
        ConfigChecks.positive("connectTimeout", value);
        this.connectTimeout = value;
        return this;
    }

    /** Sets libpq options sent at connect, such as -c search_path=app. */
    public TuskConfigBuilder options(String value) {
        this.options = value;
        return this;
    }

    /** Sets which kind of server a connection must land on. */
    public TuskConfigBuilder targetSessionAttrs(TargetSessionAttrs value) {
        ConfigChecks.notNull("targetSessionAttrs", value);
        this.targetSessionAttrs = value;
        return this;
    }

    /** Sets whether a PgBouncer in transaction mode sits in front of the server. */
    public TuskConfigBuilder pgbouncer(boolean value) {
        this.pgbouncer = value;
        return this;
    }

    /** Sets how hard to insist on TLS. */
    public TuskConfigBuilder sslMode(SslMode value) {
        ConfigChecks.notNull("sslMode", value);
        this.sslMode = value;
        return this;
    }

    /** Sets the CA certificate that signs the server's. */
    public TuskConfigBuilder sslRootCert(Path value) {
        this.sslRootCert = value;
        return this;
    }

    /** Sets the client certificate. */
    public TuskConfigBuilder sslCert(Path value) {
        this.sslCert = value;
        return this;
    }

    /** Sets the client certificate's private key. */
    public TuskConfigBuilder sslKey(Path value) {
        this.sslKey = value;
        return this;
    }

    /** Sets connections kept open when idle, 0 to 10000. */
    public TuskConfigBuilder poolMinSize(int value) {
        ConfigChecks.range("poolMinSize", value, 0, 10_000);
        this.poolMinSize = value;
        return this;
    }

    /** Sets the most connections the pool opens, 1 to 10000. */
    public TuskConfigBuilder poolMaxSize(int value) {
        ConfigChecks.range("poolMaxSize", value, 1, 10_000);
        this.poolMaxSize = value;
        return this;
    }

    /** Sets how long a caller waits for a free connection, at least 250 ms. */
    public TuskConfigBuilder acquireTimeout(Duration value) {
        ConfigChecks.atLeast("acquireTimeout", value, Duration.ofMillis(250));
        this.acquireTimeout = value;
        return this;
    }

    /** Sets the age at which a connection is retired, or zero for never. */
    public TuskConfigBuilder maxLifetime(Duration value) {
        ConfigChecks.notNegative("maxLifetime", value);
        this.maxLifetime = value;
        return this;
    }

    /** Sets how long a connection above the minimum may idle, or zero for never. */
    public TuskConfigBuilder idleTimeout(Duration value) {
        ConfigChecks.notNegative("idleTimeout", value);
        this.idleTimeout = value;
        return this;
    }

    /** Sets how often idle connections are probed, or zero for never. */
    public TuskConfigBuilder keepaliveInterval(Duration value) {
        ConfigChecks.notNegative("keepaliveInterval", value);
        this.keepaliveInterval = value;
        return this;
    }

    /** Sets uses after which a connection is retired, or zero for unlimited. */
    public TuskConfigBuilder maxQueriesPerConnection(long value) {
        ConfigChecks.range("maxQueriesPerConnection", value, 0, Long.MAX_VALUE);
        this.maxQueriesPerConnection = value;
        return this;
    }

    /** Sets pool utilization in percent at which exhaustion is reported. */
    public TuskConfigBuilder exhaustionThresholdPercent(double value) {
        ConfigChecks.percent("exhaustionThresholdPercent", value);
        this.exhaustionThresholdPercent = value;
        return this;
    }

    /** Sets how long a connection may be held before it is reported as a potential leak, or zero for off. */
    public TuskConfigBuilder leakDetectionThreshold(Duration value) {
        ConfigChecks.notNegative("leakDetectionThreshold", value);
        this.leakDetectionThreshold = value;
        return this;
    }

    /** Sets whether connecting waits until the minimum number of connections is open. */
    public TuskConfigBuilder warmUp(boolean value) {
        this.warmUp = value;
        return this;
    }

    /** Sets the default limit on one statement, or zero for none. */
    public TuskConfigBuilder statementTimeout(Duration value) {
        ConfigChecks.notNegative("statementTimeout", value);
        this.statementTimeout = value;
        return this;
    }

    /** Sets how long a session may idle inside a transaction, or zero for no limit. */
    public TuskConfigBuilder idleInTransactionTimeout(Duration value) {
        ConfigChecks.notNegative("idleInTransactionTimeout", value);
        this.idleInTransactionTimeout = value;
        return this;
    }

    /** Sets server-side prepared statements cached per connection. */
    public TuskConfigBuilder preparedStatementCacheSize(int value) {
        ConfigChecks.range("preparedStatementCacheSize", value, 0, 100_000);
        this.preparedStatementCacheSize = value;
        return this;
    }

    /** Sets rows fetched per round trip when streaming. */
    public TuskConfigBuilder fetchSize(int value) {
        ConfigChecks.range("fetchSize", value, 1, 1_000_000);
        this.fetchSize = value;
        return this;
    }

    /** Sets how long close() waits for work in flight. */
    public TuskConfigBuilder shutdownGracePeriod(Duration value) {
        ConfigChecks.notNegative("shutdownGracePeriod", value);
        this.shutdownGracePeriod = value;
        return this;
    }

    /** Sets retries of work that is safe to retry, zero for none. */
    public TuskConfigBuilder maxRetries(int value) {
        ConfigChecks.range("maxRetries", value, 0, 100);
        this.maxRetries = value;
        return this;
    }

    /** Sets the first retry backoff; later ones grow exponentially. */
    public TuskConfigBuilder retryDelay(Duration value) {
        ConfigChecks.notNegative("retryDelay", value);
        this.retryDelay = value;
        return this;
    }

    /** Sets consecutive failures that open the circuit breaker. */
    public TuskConfigBuilder circuitBreakerThreshold(int value) {
        ConfigChecks.range("circuitBreakerThreshold", value, 1, 1_000_000);
        this.circuitBreakerThreshold = value;
        return this;
    }

    /** Sets how long the breaker stays open before a trial call. */
    public TuskConfigBuilder circuitBreakerTimeout(Duration value) {
        ConfigChecks.positive("circuitBreakerTimeout", value);
        this.circuitBreakerTimeout = value;
        return this;
    }

    /** Sets whether metrics are recorded. */
    public TuskConfigBuilder metricsEnabled(boolean value) {
        this.metricsEnabled = value;
        return this;
    }

    /** Sets statements slower than this are reported as slow, or zero for off. */
    public TuskConfigBuilder slowQueryThreshold(Duration value) {
        ConfigChecks.notNegative("slowQueryThreshold", value);
        this.slowQueryThreshold = value;
        return this;
    }

    /** Sets how often the background health check runs, or zero for never. */
    public TuskConfigBuilder healthCheckInterval(Duration value) {
        ConfigChecks.notNegative("healthCheckInterval", value);
        this.healthCheckInterval = value;
        return this;
    }

    /** Fills unset settings from the profile's defaults, checks the settings against each other, and returns the config. */
    public TuskConfig build() {
        Profile profile = this.profile == null ? Profile.DEVELOPMENT : this.profile;
        return new TuskConfig(
                profile,
                host != null ? host : "localhost",
                port != null ? port : TuskConfig.DEFAULT_PORT,
                database != null ? database : "postgres",
                user != null ? user : System.getProperty("user.name", "postgres"),
                password,
                applicationName != null ? applicationName : TuskConfig.DEFAULT_APPLICATION_NAME,
                connectTimeout != null ? connectTimeout : Duration.ofSeconds(10),
                options,
                targetSessionAttrs != null ? targetSessionAttrs : TargetSessionAttrs.ANY,
                pgbouncer != null ? pgbouncer : false,
                sslMode != null ? sslMode : profile.sslMode(),
                sslRootCert,
                sslCert,
                sslKey,
                poolMinSize != null ? poolMinSize : profile.poolMinSize(),
                poolMaxSize != null ? poolMaxSize : profile.poolMaxSize(),
                acquireTimeout != null ? acquireTimeout : profile.acquireTimeout(),
                maxLifetime != null ? maxLifetime : Duration.ofMinutes(30),
                idleTimeout != null ? idleTimeout : Duration.ofMinutes(10),
                keepaliveInterval != null ? keepaliveInterval : Duration.ofMinutes(2),
                maxQueriesPerConnection != null ? maxQueriesPerConnection : 50_000L,
                exhaustionThresholdPercent != null ? exhaustionThresholdPercent : 80.0,
                leakDetectionThreshold != null ? leakDetectionThreshold : Duration.ofSeconds(60),
                warmUp != null ? warmUp : true,
                statementTimeout != null ? statementTimeout : profile.statementTimeout(),
                idleInTransactionTimeout != null ? idleInTransactionTimeout : Duration.ZERO,
                preparedStatementCacheSize != null ? preparedStatementCacheSize : 256,
                fetchSize != null ? fetchSize : 1000,
                shutdownGracePeriod != null ? shutdownGracePeriod : Duration.ofSeconds(30),
                maxRetries != null ? maxRetries : 3,
                retryDelay != null ? retryDelay : Duration.ofMillis(100),
                circuitBreakerThreshold != null ? circuitBreakerThreshold : 5,
                circuitBreakerTimeout != null ? circuitBreakerTimeout : Duration.ofSeconds(30),
                metricsEnabled != null ? metricsEnabled : true,
                slowQueryThreshold != null ? slowQueryThreshold : Duration.ofSeconds(1),
                healthCheckInterval != null ? healthCheckInterval : Duration.ofSeconds(30));
    }
}
