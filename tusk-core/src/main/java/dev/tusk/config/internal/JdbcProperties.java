package dev.tusk.config.internal;

import dev.tusk.config.SslMode;
import dev.tusk.config.Credentials;
import dev.tusk.config.TuskConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The PgJDBC connection properties for a {@link TuskConfig}: what every connection Tusk opens is told at connect time.
 * The result holds the password, so it must never be logged.
 */
public final class JdbcProperties {

    /** PgJDBC's default: executions of a statement before it becomes a named server-side prepared statement. */
    public static final int DEFAULT_PREPARE_THRESHOLD = 5;

    /** The TLS socket factory every Tusk connection uses: see {@link TuskSslFactory}. */
    static final String SSL_FACTORY = TuskSslFactory.class.getName();

    private JdbcProperties() {
    }

    /** The properties to pass with {@link TuskConfig#jdbcUrl()} to PgJDBC. */
    /**
     * {@code base} with the user and password a credentials provider handed out for one connection attempt; a null
     * user keeps the configured one, a null password sends none (a token-less login such as a client certificate).
     */
    public static Properties withLogin(Properties base, Credentials given) {
        Properties attempt = new Properties();
        attempt.putAll(base);
        if (given.user() != null) {
            attempt.setProperty("user", given.user());
        }
        if (given.password() != null) {
            attempt.setProperty("password", given.password());
        } else {
            attempt.remove("password");
        }
        return attempt;
    }

    public static Properties of(TuskConfig config) {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("ApplicationName", config.applicationName());
        tls(config, properties);
        // PgJDBC counts whole seconds and reads 0 as "wait forever", so round up: 1500 ms waits 2 s, never less.
        properties.setProperty("connectTimeout", String.valueOf(ceilSeconds(config.connectTimeout())));
        String options = options(config);
        if (!options.isEmpty()) {
            properties.setProperty("options", options);
        }
        properties.setProperty("targetServerType", config.targetSessionAttrs().pgjdbcTargetServerType());
        // PgJDBC remembers each host's role JVM-wide and, for hostRecheckSeconds (10 by default), skips a host last
        // seen as a standby: a replica promoted a moment ago would be passed over for seconds. At 0 every host stays a
        // candidate on every connect, still tried in the order of what was last seen (known primary first, hosts that
        // refused last), so a promoted host is found on the first attempt after its promotion.
        properties.setProperty("hostRecheckSeconds", "0");
        // Behind PgBouncer in transaction mode a named statement prepared on one server connection is missing on the next.
        properties.setProperty("prepareThreshold", String.valueOf(config.pgbouncer() ? 0 : DEFAULT_PREPARE_THRESHOLD));
        properties.setProperty("preparedStatementCacheQueries", String.valueOf(config.preparedStatementCacheSize()));
        properties.setProperty("tcpKeepAlive", "true");
        // A JDBC batch of INSERTs becomes multi-row VALUES statements (2-3x faster); other statements are unaffected.
        properties.setProperty("reWriteBatchedInserts", "true");
        // The server's DETAIL repeats parameter values (a duplicate key's value, say), which would reach exceptions and logs.
        properties.setProperty("logServerErrorDetail", "false");
        // A read that waits longer than any statement may run means the peer is gone silently (a blackhole, a dead
        // NAT entry): without this bound the caller would wait forever. COPY lifts it, and a call with a longer timeout
        // of its own raises it, through Connection.setNetworkTimeout; PgJDBC closes the connection when it fires.
        properties.setProperty("socketTimeout", String.valueOf(socketTimeoutMillis(config) / 1000));
        return properties;
    }

    /**
     * How long one read may wait before the connection is given up: {@code statementTimeout} plus
     * {@code connectTimeout} (time for the server's cancel to come back), in whole seconds, or 0 (never) when
     * statements have no timeout.
     */
    public static long socketTimeoutMillis(TuskConfig config) {
        if (config.statementTimeout().isZero()) {
            return 0;
        }
        return ceilSeconds(config.statementTimeout().plus(config.connectTimeout())) * 1000L;
    }

    /**
     * The libpq options string: the statement and idle-in-transaction timeouts as {@code -c} settings, then the user's
     * options, so an explicit {@code -c statement_timeout=...} there wins (PostgreSQL applies the last one). Behind
     * PgBouncer the timeouts are left out: PgBouncer refuses unknown startup parameters by default, and in transaction
     * mode a session setting would not follow the client anyway; the query path enforces them there.
     */
    static String options(TuskConfig config) {
        List<String> parts = new ArrayList<>();
        if (!config.pgbouncer()) {
            if (!config.statementTimeout().isZero()) {
                parts.add("-c statement_timeout=" + ceilMillis(config.statementTimeout()));
            }
            if (!config.idleInTransactionTimeout().isZero()) {
                parts.add("-c idle_in_transaction_session_timeout=" + ceilMillis(config.idleInTransactionTimeout()));
            }
        }
        if (config.options() != null && !config.options().isBlank()) {
            parts.add(config.options().strip());
        }
        return String.join(" ", parts);
    }

    private static void tls(TuskConfig config, Properties properties) {
        SslMode mode = config.sslMode();
        properties.setProperty("sslmode", mode.libpqName());
        // Set under every mode, disable too, so that require refuses a login that would go without TLS.
        properties.setProperty("channelBinding", config.channelBinding().libpqName());
        properties.setProperty("sslNegotiation", config.sslNegotiation().libpqName());
        if (mode == SslMode.DISABLE) {
            return;
        }
        // Tusk's factory, not PgJDBC's LibPQFactory: it holds every connection to TLS 1.2 or later, reads PKCS#1 and
        // encrypted PEM keys, and trusts the JVM's trust store when no sslrootcert is given (LibPQFactory would look
        // for ~/.postgresql/root.crt). PgJDBC still checks the host name under verify-full.
        properties.setProperty("sslfactory", SSL_FACTORY);
        if (config.sslRootCert() != null) {
            properties.setProperty("sslrootcert", config.sslRootCert().toString());
        }
        if (config.sslCert() != null) {
            properties.setProperty("sslcert", config.sslCert().toString());
            properties.setProperty("sslkey", config.sslKey().toString());
        }
        if (config.sslPassword() != null) {
            properties.setProperty("sslpassword", config.sslPassword());
        }
    }

    private static long ceilSeconds(Duration duration) {
        return Math.max(1, (ceilMillis(duration) + 999) / 1000);
    }

    /** The {@code statement_timeout} in milliseconds that {@link #options} asks the server for at login, or 0 for none. */
    public static long loginStatementTimeoutMillis(TuskConfig config) {
        return config.pgbouncer() || config.statementTimeout().isZero() ? 0 : ceilMillis(config.statementTimeout());
    }

    private static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
