package dev.tusk.health;

import dev.tusk.health.internal.JsonWriter;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.routing.ReplicaStatus;
import dev.tusk.security.AuditStats;
import dev.tusk.security.TlsReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one health check of a client: its status with the reasons for it, and the figures it was judged on.
 * A check never throws: whatever failed is a reason here. Serve it with {@link #toJson()}.
 *
 * @param status           healthy, degraded or unhealthy; the worst any reason called for
 * @param reasons          why the status is not {@code HEALTHY}, one readable sentence each; empty when healthy
 * @param checkedAt        when the check started
 * @param testQueryLatency how long the check's one query took, round trip; null when it did not run or failed
 * @param server           what the server reported; null when it was not reached (breaker open, no connection, failure)
 * @param pool             the pool's figures, read before the check borrowed a connection
 * @param breaker          the circuit breaker's state when the check started
 * @param tls              the TLS of the connection the check used (on or off, protocol, certificates, findings), read in
 *                         the check's one round trip; null when the server was not reached
 * @param replicas         each configured read replica as its background probe last found it; empty when none
 * @param audit            the audit log's counters when the check ran; null in a report built without them
 */
public record HealthReport(HealthStatus status, List<String> reasons, Instant checkedAt, Duration testQueryLatency,
                           ServerHealth server, PoolHealth pool, CircuitBreakerStatus breaker, TlsReport tls,
                           List<ReplicaStatus> replicas, AuditStats audit) {

    /**
     * The longest a check waits for a connection and then for its query's answer; shorter when {@code acquireTimeout}
     * is, so a check answers within about twice this even when the server is gone.
     */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Replay lag at or over which a replica is reported degraded. */
    public static final Duration REPLICA_LAG_THRESHOLD = Duration.ofSeconds(10);
    /** The version of the {@link #toJson()} layout; it changes only when a field is removed or changes meaning. */
    public static final int JSON_FORMAT_VERSION = 1;

    /** Checks the parts are present and keeps an unmodifiable copy of the reasons. */
    public HealthReport {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(breaker, "breaker");
        reasons = List.copyOf(reasons);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A report without a TLS summary or audit counters, for a check that did not reach the server, without replicas. */
    public HealthReport(HealthStatus status, List<String> reasons, Instant checkedAt, Duration testQueryLatency,
                        ServerHealth server, PoolHealth pool, CircuitBreakerStatus breaker) {
        this(status, reasons, checkedAt, testQueryLatency, server, pool, breaker, null, List.of(), null);
    }

    /** A report with the TLS summary of the connection the check used, of a client without read replicas. */
    public HealthReport(HealthStatus status, List<String> reasons, Instant checkedAt, Duration testQueryLatency,
                        ServerHealth server, PoolHealth pool, CircuitBreakerStatus breaker, TlsReport tls) {
        this(status, reasons, checkedAt, testQueryLatency, server, pool, breaker, tls, List.of(), null);
    }

    /** A report as a check makes it, with its replicas; the client adds the audit counters with {@link #withAudit}. */
    public HealthReport(HealthStatus status, List<String> reasons, Instant checkedAt, Duration testQueryLatency,
                        ServerHealth server, PoolHealth pool, CircuitBreakerStatus breaker, TlsReport tls,
                        List<ReplicaStatus> replicas) {
        this(status, reasons, checkedAt, testQueryLatency, server, pool, breaker, tls, replicas, null);
    }

    /** This report with the audit log's counters {@code audit}, as the client completes it. */
    public HealthReport withAudit(AuditStats audit) {
        return new HealthReport(status, reasons, checkedAt, testQueryLatency, server, pool, breaker, tls, replicas,
                audit);
    }

    /** Whether the status is {@code HEALTHY}. */
    public boolean isHealthy() {
        return status == HealthStatus.HEALTHY;
    }

    /** How old this report is at {@code now}. */
    public Duration age(Instant now) {
        return Duration.between(checkedAt, now);
    }

    /**
     * The report as one line of JSON, every field always present (null when unknown), times in ISO-8601 UTC, durations
     * as numbers whose names carry the unit; the layout is documented in docs/OBSERVABILITY.md.
     */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        json.beginObject()
                .field("formatVersion", JSON_FORMAT_VERSION)
                .field("status", status.name())
                .name("reasons").beginArray();
        reasons.forEach(json::value);
        json.endArray()
                .field("checkedAt", checkedAt)
                .field("testQueryMillis", testQueryLatency)
                .name("server");
        if (server == null) {
            json.nullValue();
        } else {
            json.beginObject()
                    .field("version", server.version())
                    .field("time", server.time())
                    .field("uptimeSeconds", server.uptime().toSeconds())
                    .field("isReplica", server.replica())
                    .field("replayLagMillis", server.replayLag())
                    .field("replayPaused", server.replayPaused())
                    .field("tls", server.tls())
                    .endObject();
        }
        json.name("pool").beginObject()
                .field("size", pool.size())
                .field("maximum", pool.maximum())
                .field("active", pool.active())
                .field("idle", pool.idle())
                .field("waiting", pool.waiting())
                .field("utilizationPercent", pool.utilizationPercent())
                .field("potentialLeaks", pool.potentialLeaks())
                .field("level", pool.level().name())
                .endObject()
                .name("breaker").beginObject()
                .field("state", breaker.state().name())
                .field("consecutiveFailures", breaker.consecutiveFailures())
                .field("timesOpened", breaker.timesOpened())
                .field("probeAt", breaker.probeAt())
                .endObject()
                .name("replicas").beginArray();
        for (ReplicaStatus replica : replicas) {
            json.beginObject()
                    .field("server", replica.server().toString())
                    .field("state", replica.state().name())
                    .field("replayLagMillis", replica.replayLag())
                    .field("lagBytes", replica.lagBytes())
                    .field("replayPaused", replica.replayPaused())
                    .field("reason", replica.reason())
                    .field("checkedAt", replica.checkedAt())
                    .field("poolActive", replica.pool().active())
                    .field("poolIdle", replica.pool().idle())
                    .endObject();
        }
        json.endArray().name("tls");
        writeTls(json);
        auditJson(json);
        json.endObject();
        return json.toString();
    }

    private void writeTls(JsonWriter json) {
        if (tls == null) {
            json.nullValue();
            return;
        }
        json.beginObject()
                .field("on", tls.tls())
                .field("sslMode", tls.sslMode().libpqName())
                .field("protocol", tls.protocol())
                .field("cipher", tls.cipher())
                .field("bits", tls.bits())
                .field("clientCertificateSubject", tls.clientCertificateSubject())
                .field("serverCertificateSubject", tls.serverCertificateSubject())
                .field("serverCertificateNotAfter", tls.serverCertificateNotAfter())
                .name("findings").beginArray();
        tls.findings().forEach(json::value);
        json.endArray().endObject();
    }

    private void auditJson(JsonWriter json) {
        json.name("audit");
        if (audit == null) {
            json.nullValue();
            return;
        }
        json.beginObject()
                .field("queued", audit.queued())
                .field("pending", audit.pending())
                .field("written", audit.written())
                .field("dropped", audit.dropped())
                .field("failedWrites", audit.failedWrites())
                .endObject();
    }
}
