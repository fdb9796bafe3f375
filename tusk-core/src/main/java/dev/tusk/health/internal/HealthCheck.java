package dev.tusk.health.internal;

import dev.tusk.ClientClosedException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.health.PoolHealth;
import dev.tusk.health.PoolLevel;
import dev.tusk.health.ServerHealth;
import dev.tusk.pool.PoolStats;
import dev.tusk.pool.TuskPool;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.CircuitState;
import dev.tusk.routing.ReplicaStatus;
import dev.tusk.routing.internal.ReplicaRouter;

import dev.tusk.security.TlsReport;
import dev.tusk.security.internal.TlsFindings;
import dev.tusk.security.internal.TlsInspection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One health check: judges the breaker and the pool without the database, then, unless the breaker is open, borrows a
 * connection within a short bound and asks the server everything in one round trip. Never throws.
 *
 * <p>It borrows from the pool directly rather than through the client's lease path, so that a check neither trips nor
 * closes the breaker and is not traced as the application's work; its lease still counts in the pool's acquires.
 */
public final class HealthCheck {

    /** Everything the report shows about the server, in one statement so the latency is one round trip. */
    static final String QUERY = "SELECT current_setting('server_version') AS version, "
            + "clock_timestamp() AS server_time, "
            + "extract(epoch FROM clock_timestamp() - pg_postmaster_start_time())::float8 AS uptime_seconds, "
            + "pg_is_in_recovery() AS replica, "
            // Caught up when everything received is replayed; else the age of the newest replayed commit, which is
            // how stale the data a reader sees may be.
            + "CASE WHEN NOT pg_is_in_recovery() THEN NULL "
            + "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            + "ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END AS lag_seconds, "
            + "pg_is_in_recovery() AND pg_is_wal_replay_paused() AS replay_paused, "
            // This session's TLS, for the report's TLS summary; the certificates come from the JVM's side of the session.
            + "coalesce(s.ssl, false) AS tls, s.version AS tls_version, s.cipher AS tls_cipher, "
            + "coalesce(s.bits, 0) AS tls_bits, s.client_dn AS tls_client_dn "
            + "FROM (SELECT 1) AS one LEFT JOIN pg_stat_ssl AS s ON s.pid = pg_backend_pid()";

    private final TuskPool pool;
    private final TuskConfig config;
    private final Supplier<CircuitBreakerStatus> breaker;
    private final Clock clock;
    private final Duration timeout;
    private ReplicaRouter replicas;

    /** A check of {@code pool}, judged against {@code config}'s thresholds, reading the breaker from {@code breaker}. */
    public HealthCheck(TuskPool pool, TuskConfig config, Supplier<CircuitBreakerStatus> breaker, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.breaker = breaker;
        this.clock = clock;
        Duration acquireTimeout = config.acquireTimeout();
        this.timeout = acquireTimeout.compareTo(HealthReport.CHECK_TIMEOUT) < 0 ? acquireTimeout : HealthReport.CHECK_TIMEOUT;
    }

    /**
     * This check, also reporting each of {@code router}'s replicas (null for none) from its latest probe: a replica
     * that is skipped makes the client DEGRADED; none taking reads under {@code readFallback=fail}, UNHEALTHY.
     */
    public HealthCheck withReplicas(ReplicaRouter router) {
        this.replicas = router;
        return this;
    }

    /** Runs the check; every failure, even an unexpected one, becomes a reason in an unhealthy report. */
    public HealthReport run() {
        HealthReport report = runOnPrimary();
        if (replicas == null) {
            return report;
        }
        Verdict verdict = new Verdict();
        verdict.status = report.status();
        verdict.reasons.addAll(report.reasons());
        List<ReplicaStatus> statuses = List.of();
        try {
            statuses = replicas.statuses();
            for (ReplicaStatus replica : statuses) {
                if (!replica.state().takesReads()) {
                    verdict.add(HealthStatus.DEGRADED, "read replica " + replica.server() + " is skipped for reads, "
                            + replica.state() + ": " + replica.reason());
                }
            }
            if (!replicas.someTakeReads()) {
                verdict.add(replicas.fallback() == dev.tusk.config.ReadFallback.FAIL ? HealthStatus.UNHEALTHY
                        : HealthStatus.DEGRADED, "no read replica takes reads, so read-only work "
                        + (replicas.fallback() == dev.tusk.config.ReadFallback.FAIL ? "fails (readFallback=fail)"
                        : "runs on the primary (readFallback=primary)"));
            }
        } catch (RuntimeException e) {
            verdict.add(HealthStatus.DEGRADED, "the read replicas could not be reported: " + e);
        }
        return new HealthReport(verdict.status, verdict.reasons, report.checkedAt(), report.testQueryLatency(),
                report.server(), report.pool(), report.breaker(), report.tls(), statuses);
    }

    private HealthReport runOnPrimary() {
        Instant checkedAt = clock.instant();
        Verdict verdict = new Verdict();
        CircuitBreakerStatus breakerStatus = CircuitBreakerStatus.CLOSED_CLEAN;
        PoolHealth poolHealth = new PoolHealth(0, config.poolMaxSize(), 0, 0, 0, 0, 0, PoolLevel.NORMAL);
        Duration latency = null;
        ServerHealth server = null;
        TlsReport tls = null;
        try {
            breakerStatus = breaker.get();
            // Read before borrowing, so the check's own lease does not count against the pool.
            poolHealth = PoolHealth.of(pool.stats(), config.exhaustionThresholdPercent());
            judgePool(poolHealth, verdict);
            if (breakerStatus.state() == CircuitState.OPEN) {
                verdict.add(HealthStatus.UNHEALTHY, "circuit breaker OPEN after " + breakerStatus.consecutiveFailures()
                        + " consecutive connection failures" + lastFailure(breakerStatus)
                        + "; every call fails at once, and no check touches the database, until the trial call at "
                        + breakerStatus.probeAt());
                return new HealthReport(verdict.status, verdict.reasons, checkedAt, null, null, poolHealth, breakerStatus);
            }
            if (breakerStatus.state() == CircuitState.HALF_OPEN) {
                verdict.add(HealthStatus.DEGRADED, "circuit breaker HALF_OPEN after connection failures"
                        + lastFailure(breakerStatus) + "; the next call is a trial that closes or reopens it");
            }
            Connection connection;
            try {
                connection = pool.acquire(timeout);
            } catch (PoolExhaustedException e) {
                verdict.add(HealthStatus.DEGRADED, "no connection came free within " + millis(timeout)
                        + ": every connection is busy " + e.stats().summary() + "; the server was not asked");
                return new HealthReport(verdict.status, verdict.reasons, checkedAt, null, null, poolHealth, breakerStatus);
            } catch (ClientClosedException e) {
                verdict.add(HealthStatus.UNHEALTHY, "the client is closed");
                return new HealthReport(verdict.status, verdict.reasons, checkedAt, null, null, poolHealth, breakerStatus);
            } catch (RuntimeException e) {
                verdict.add(HealthStatus.UNHEALTHY, "no connection to " + target() + " within " + millis(timeout)
                        + ": " + e.getMessage());
                return new HealthReport(verdict.status, verdict.reasons, checkedAt, null, null, poolHealth, breakerStatus);
            }
            try (connection) {
                long started = System.nanoTime();
                Answer answer = ask(connection, checkedAt);
                latency = Duration.ofNanos(System.nanoTime() - started);
                server = answer.server();
                tls = answer.tls();
            } catch (SQLException | RuntimeException e) {
                verdict.add(HealthStatus.UNHEALTHY, "the test query failed on " + target() + ": " + e.getMessage());
                return new HealthReport(verdict.status, verdict.reasons, checkedAt, null, null, poolHealth, breakerStatus);
            }
            judgeServer(latency, server, verdict);
            judgeTls(tls, checkedAt, verdict);
        } catch (RuntimeException e) {
            verdict.add(HealthStatus.UNHEALTHY, "the health check itself failed: " + e);
        }
        return new HealthReport(verdict.status, verdict.reasons, checkedAt, latency, server, poolHealth, breakerStatus,
                tls);
    }

    /** What the check's one statement told: the server's figures and this connection's TLS. */
    private record Answer(ServerHealth server, TlsReport tls) {
    }

    private Answer ask(Connection connection, Instant now) throws SQLException {
        int previous = connection.getNetworkTimeout();
        // A server that stopped answering must not hold the check for the socket timeout, which may be minutes: past
        // the bound the driver closes the connection and the pool replaces it.
        connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, timeout.toMillis()));
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
            row.next();
            double lagSeconds = row.getDouble("lag_seconds");
            Duration lag = row.wasNull() ? null : seconds(Math.max(0, lagSeconds));
            ServerHealth server = new ServerHealth(row.getString("version"),
                    row.getObject("server_time", OffsetDateTime.class).toInstant(), seconds(row.getDouble("uptime_seconds")),
                    row.getBoolean("replica"), lag, row.getBoolean("replay_paused"), row.getBoolean("tls"));
            TlsReport tls = TlsInspection.report(connection, config, server.tls(), row.getString("tls_version"),
                    row.getString("tls_cipher"), row.getInt("tls_bits"), row.getString("tls_client_dn"), now);
            return new Answer(server, tls);
        } finally {
            if (!connection.isClosed()) {
                connection.setNetworkTimeout(Runnable::run, previous);
            }
        }
    }

    /**
     * A server certificate that has expired, or expires within {@link TlsFindings#EXPIRY_WARNING}, degrades the
     * client: connections open now still work, but new ones under verify-ca or verify-full will soon be refused. The
     * other findings (an sslmode that does not verify) are choices of configuration, shown in the TLS summary only.
     */
    private static void judgeTls(TlsReport tls, Instant now, Verdict verdict) {
        String expiry = tls == null ? null : TlsFindings.expiry(tls.serverCertificateNotAfter(), now);
        if (expiry != null) {
            verdict.add(HealthStatus.DEGRADED, expiry + ": renew it on the server; under sslmode verify-ca or "
                    + "verify-full new connections are refused once it has expired");
        }
    }

    /**
     * Only callers waiting degrade health: every connection busy with nobody waiting is a pool sized to its work
     * (level {@code HIGH}, reported in the figures but not as a reason).
     */
    private void judgePool(PoolHealth poolHealth, Verdict verdict) {
        if (poolHealth.level() == PoolLevel.EXHAUSTED) {
            verdict.add(HealthStatus.DEGRADED, String.format(Locale.ROOT, "pool EXHAUSTED: %d of at most %d "
                            + "connections busy, %d callers waiting", poolHealth.active(), poolHealth.maximum(),
                    poolHealth.waiting()));
        }
    }

    private void judgeServer(Duration latency, ServerHealth server, Verdict verdict) {
        Duration slow = config.slowQueryThreshold();
        if (!slow.isZero() && latency.compareTo(slow) > 0) {
            verdict.add(HealthStatus.DEGRADED, "the test query took " + millis(latency) + ", over slowQueryThreshold "
                    + millis(slow));
        }
        if (server.replica() && server.replayLag() != null
                && server.replayLag().compareTo(HealthReport.REPLICA_LAG_THRESHOLD) >= 0) {
            verdict.add(HealthStatus.DEGRADED, "this replica's data is " + millis(server.replayLag())
                    + " behind the primary (degraded from " + millis(HealthReport.REPLICA_LAG_THRESHOLD) + ")"
                    + (server.replayPaused() ? "; replay is paused: SELECT pg_wal_replay_resume() on the replica resumes it"
                    : ""));
        }
    }

    private String target() {
        return config.serverList() + "/" + config.database();
    }

    private static String lastFailure(CircuitBreakerStatus status) {
        return status.lastFailureMessage() == null ? "" : " (last: " + status.lastFailureMessage() + ")";
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** A duration for people: milliseconds below ten seconds, seconds with one decimal above. */
    static String millis(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The worst status so far and every reason for it. */
    private static final class Verdict {
        private HealthStatus status = HealthStatus.HEALTHY;
        private final List<String> reasons = new ArrayList<>();

        void add(HealthStatus at, String reason) {
            status = status.worst(at);
            reasons.add(reason);
        }
    }
}
