package dev.tusk.health;

import dev.tusk.config.SslMode;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.CircuitState;
import dev.tusk.security.AuditStats;
import dev.tusk.security.TlsReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON layout another service reads: every field, in a fixed order, with units in the names. */
class HealthReportJsonTest {

    private static final Instant CHECKED = Instant.parse("2026-03-01T10:15:30.250Z");
    private static final PoolHealth POOL = new PoolHealth(4, 10, 3, 1, 0, 30.0, 2, PoolLevel.NORMAL);

    @Test
    void shouldWriteEveryFieldOfAHealthyReplicaReport() {
        ServerHealth server = new ServerHealth("17.2", Instant.parse("2026-03-01T10:15:30.253Z"),
                Duration.ofSeconds(86_400 + 59, 900_000_000), true, Duration.ofMillis(1500), false, true);
        HealthReport report = new HealthReport(HealthStatus.HEALTHY, List.of(), CHECKED, Duration.ofNanos(1_234_567),
                server, POOL, CircuitBreakerStatus.CLOSED_CLEAN).withAudit(new AuditStats(12, 2, 9, 1, 3));

        assertThat(report.toJson()).isEqualTo("{\"formatVersion\":1,\"status\":\"HEALTHY\",\"reasons\":[],"
                + "\"checkedAt\":\"2026-03-01T10:15:30.250Z\",\"testQueryMillis\":1.235,"
                + "\"server\":{\"version\":\"17.2\",\"time\":\"2026-03-01T10:15:30.253Z\",\"uptimeSeconds\":86459,"
                + "\"isReplica\":true,\"replayLagMillis\":1500,\"replayPaused\":false,\"tls\":true},"
                + "\"pool\":{\"size\":4,\"maximum\":10,\"active\":3,\"idle\":1,\"waiting\":0,\"utilizationPercent\":30,"
                + "\"potentialLeaks\":2,\"level\":\"NORMAL\"},"
                + "\"breaker\":{\"state\":\"CLOSED\",\"consecutiveFailures\":0,\"timesOpened\":0,\"probeAt\":null},"
                + "\"replicas\":[],\"tls\":null,\"audit\":{\"queued\":12,\"pending\":2,\"written\":9,\"dropped\":1,\"failedWrites\":3}}");
    }

    @Test
    void shouldWriteNullsForWhatAnUnreachableServerCouldNotSayAndEscapeReasons() {
        CircuitBreakerStatus open = new CircuitBreakerStatus(CircuitState.OPEN, 3,
                Instant.parse("2026-03-01T10:16:00Z"), 1, "Connection refused");
        HealthReport report = new HealthReport(HealthStatus.UNHEALTHY,
                List.of("said \"no\"\\ then\nleft\u0001"), CHECKED, null, null, POOL, open);

        assertThat(report.toJson())
                .contains("\"status\":\"UNHEALTHY\"")
                .contains("\"reasons\":[\"said \\\"no\\\"\\\\ then\\nleft\\u0001\"]")
                .contains("\"testQueryMillis\":null,\"server\":null,\"pool\":{")
                .contains("\"breaker\":{\"state\":\"OPEN\",\"consecutiveFailures\":3,\"timesOpened\":1,"
                        + "\"probeAt\":\"2026-03-01T10:16:00Z\"},\"replicas\":[],\"tls\":null,\"audit\":null}");
    }

    @Test
    void shouldWriteTheTlsSummaryWithItsFindings() {
        TlsReport tls = new TlsReport(SslMode.REQUIRE, true, "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, null, "CN=localhost",
                Instant.parse("2026-03-06T00:00:00Z"), List.of("sslmode=require does not verify the server: use verify-full",
                "server certificate expires in 4 days (2026-03-06T00:00:00Z)"));
        HealthReport report = new HealthReport(HealthStatus.DEGRADED, List.of("server certificate expires in 4 days"),
                CHECKED, Duration.ofMillis(1), null, POOL, CircuitBreakerStatus.CLOSED_CLEAN, tls);

        assertThat(report.toJson()).endsWith("\"tls\":{\"on\":true,\"sslMode\":\"require\",\"protocol\":\"TLSv1.3\","
                + "\"cipher\":\"TLS_AES_256_GCM_SHA384\",\"bits\":256,\"clientCertificateSubject\":null,"
                + "\"serverCertificateSubject\":\"CN=localhost\",\"serverCertificateNotAfter\":\"2026-03-06T00:00:00Z\","
                + "\"findings\":[\"sslmode=require does not verify the server: use verify-full\","
                + "\"server certificate expires in 4 days (2026-03-06T00:00:00Z)\"]},\"audit\":null}");
    }

    @Test
    void shouldKeepTheWorstStatus() {
        assertThat(HealthStatus.HEALTHY.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.UNHEALTHY.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.UNHEALTHY);
    }
}
