package dev.tusk.cli;

import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.PoolHealth;
import dev.tusk.health.ServerHealth;
import dev.tusk.pool.PoolStats;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.routing.ReplicaStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A health report as a person reads it in a terminal: the verdict and its reasons first, then the figures. */
final class HealthText {

    private HealthText() {
    }

    /** Prints {@code report} line by line, each line starting with {@code indent}. */
    static void print(HealthReport report, TuskConfig config, PrintWriter out, String indent) {
        out.println(indent + "Status:   " + report.status());
        for (String reason : report.reasons()) {
            out.println(indent + "  - " + reason);
        }
        ServerHealth server = report.server();
        if (server == null) {
            out.println(indent + "Server:   not reached");
        } else {
            out.println(indent + "Server:   PostgreSQL " + server.version() + ", " + (server.replica() ? "replica" : "primary")
                    + ", up " + uptime(server.uptime()) + ", server time " + server.time() + ", TLS "
                    + (server.tls() ? "in use" : "not in use"));
            out.println(indent + String.format(Locale.ROOT, "Query:    answered in %.1f ms (slowQueryThreshold %s)",
                    report.testQueryLatency().toNanos() / 1e6,
                    config.slowQueryThreshold().isZero() ? "off" : config.slowQueryThreshold().toMillis() + " ms"));
            if (server.replica()) {
                out.println(indent + "Replay:   " + (server.replayLag() == null ? "no transaction replayed yet"
                        : String.format(Locale.ROOT, "%.1f s behind the primary", server.replayLag().toMillis() / 1000.0))
                        + (server.replayPaused() ? ", paused" : "") + " (degraded from "
                        + HealthReport.REPLICA_LAG_THRESHOLD.toSeconds() + " s)");
            }
        }
        replicas(report.replicas(), out, indent);
        PoolHealth pool = report.pool();
        out.println(indent + String.format(Locale.ROOT, "Pool:     %d of at most %d connections (%d busy, %d idle, %d "
                        + "waiting), %.0f%% used: %s; %d potential leaks", pool.size(), pool.maximum(), pool.active(),
                pool.idle(), pool.waiting(), pool.utilizationPercent(), pool.level(), pool.potentialLeaks()));
        CircuitBreakerStatus breaker = report.breaker();
        out.println(indent + "Breaker:  " + breaker.state()
                + (breaker.probeAt() == null ? "" : ", next trial at " + breaker.probeAt())
                + (breaker.timesOpened() == 0 ? "" : ", opened " + breaker.timesOpened() + " times"));
        out.println(indent + "Checked:  " + report.checkedAt());
    }

    /** One line per configured read replica, as the client's background probe last found it. */
    private static void replicas(List<ReplicaStatus> replicas, PrintWriter out, String indent) {
        if (replicas.isEmpty()) {
            out.println(indent + "Replicas: none configured (POSTGRES_READ_URLS names them)");
            return;
        }
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaStatus replica = replicas.get(i);
            StringBuilder line = new StringBuilder(indent).append(i == 0 ? "Replicas: " : "          ")
                    .append(replica.server()).append(' ').append(replica.state());
            if (replica.checkedAt() == null) {
                line.append(", not probed yet");
            } else if (replica.replayLag() != null) {
                line.append(String.format(Locale.ROOT, ", %.1f s behind", replica.replayLag().toMillis() / 1000.0));
                if (replica.lagBytes() >= 0) {
                    line.append(" (").append(replica.lagBytes()).append(" bytes of WAL)");
                }
            }
            if (replica.replayPaused()) {
                line.append(", replay paused");
            }
            if (replica.reason() != null) {
                line.append(": ").append(replica.reason());
            }
            PoolStats pool = replica.pool();
            if (pool != null) {
                line.append("; pool ").append(pool.size()).append(" of at most ").append(pool.maximum())
                        .append(" (").append(pool.active()).append(" busy)");
            }
            out.println(line);
        }
    }

    private static String uptime(Duration uptime) {
        long days = uptime.toDays();
        return (days > 0 ? days + " d " : "") + String.format(Locale.ROOT, "%02d:%02d:%02d", uptime.toHoursPart(),
                uptime.toMinutesPart(), uptime.toSecondsPart());
    }
}
