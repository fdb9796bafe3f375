package dev.tusk.http.internal;

import dev.tusk.metrics.StatementStats;
import dev.tusk.pool.PoolStats;
import dev.tusk.query.StatementCacheStats;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.CircuitState;
import dev.tusk.resilience.ResilienceStats;
import dev.tusk.security.AuditStats;

import java.util.Locale;

/**
 * Renders a client's figures as Prometheus text. Pool metrics follow the OpenTelemetry database client conventions
 * ({@code db.client.connections.*}, with {@code pool.name} and {@code state}), dots becoming underscores as the
 * OpenTelemetry Prometheus exporter does; what those conventions do not cover is under {@code tusk_}. Every label has
 * a small fixed set of values, so cardinality stays bounded.
 */
public final class MetricsPage {

    private MetricsPage() {
    }

    /** The page for the pool named {@code pool} (host:port/database, never credentials). */
    public static String render(String pool, PoolStats stats, CircuitBreakerStatus breaker, ResilienceStats resilience,
                                StatementCacheStats cache, StatementStats statements, AuditStats audit) {
        PrometheusText text = new PrometheusText();
        text.family("db_client_connections_usage", "gauge", "Connections in the pool, by state: used (lent out) or idle.")
                .sample("db_client_connections_usage", stats.active(), "pool_name", pool, "state", "used")
                .sample("db_client_connections_usage", stats.idle(), "pool_name", pool, "state", "idle");
        text.family("db_client_connections_max", "gauge", "The most connections the pool may open.")
                .sample("db_client_connections_max", stats.maximum(), "pool_name", pool);
        text.family("db_client_connections_pending_requests", "gauge", "Callers waiting for a connection now.")
                .sample("db_client_connections_pending_requests", stats.waiting(), "pool_name", pool);
        text.family("db_client_connections_timeouts_total", "counter",
                        "Callers whose wait for a connection ran out.")
                .sample("db_client_connections_timeouts_total", stats.acquireTimeouts(), "pool_name", pool);
        text.family("db_client_connections_wait_time_seconds", "gauge",
                        "Time callers waited for a connection, by quantile over the 2,048 most recent acquires.")
                .sample("db_client_connections_wait_time_seconds", seconds(stats.acquireTimeP50()), "pool_name", pool,
                        "quantile", "0.5")
                .sample("db_client_connections_wait_time_seconds", seconds(stats.acquireTimeP99()), "pool_name", pool,
                        "quantile", "0.99");
        text.family("tusk_pool_utilization_ratio", "gauge", "Connections lent out as a fraction of the maximum.")
                .sample("tusk_pool_utilization_ratio", stats.utilizationPercent() / 100.0, "pool_name", pool);
        text.family("tusk_pool_acquires_total", "counter", "Connections lent out since the pool started.")
                .sample("tusk_pool_acquires_total", stats.acquires(), "pool_name", pool);
        text.family("tusk_pool_connections_created_total", "counter", "Connections opened since the pool started.")
                .sample("tusk_pool_connections_created_total", stats.created(), "pool_name", pool);
        text.family("tusk_pool_connections_retired_total", "counter", "Connections closed, by reason.")
                .sample("tusk_pool_connections_retired_total", stats.retiredLifetime(), "pool_name", pool, "reason", "lifetime")
                .sample("tusk_pool_connections_retired_total", stats.retiredMaxUses(), "pool_name", pool, "reason", "max_uses")
                .sample("tusk_pool_connections_retired_total", stats.retiredBroken(), "pool_name", pool, "reason", "broken")
                .sample("tusk_pool_connections_retired_total", stats.retiredIdle(), "pool_name", pool, "reason", "idle");
        text.family("tusk_pool_potential_leaks_total", "counter",
                        "Leases held longer than the leak-detection threshold.")
                .sample("tusk_pool_potential_leaks_total", stats.potentialLeaks(), "pool_name", pool);
        text.family("tusk_pool_exhaustion_episodes_total", "counter",
                        "Times callers began waiting over the exhaustion wait threshold.")
                .sample("tusk_pool_exhaustion_episodes_total", stats.exhaustionEpisodes(), "pool_name", pool);
        text.family("tusk_pool_clean_return_rollbacks_total", "counter",
                        "Leases given back inside a transaction, which the pool rolled back.")
                .sample("tusk_pool_clean_return_rollbacks_total", stats.cleanReturnRollbacks(), "pool_name", pool);
        text.family("tusk_circuit_breaker_state", "gauge", "1 for the circuit breaker's current state, 0 for the others.");
        for (CircuitState state : CircuitState.values()) {
            text.sample("tusk_circuit_breaker_state", state == breaker.state() ? 1 : 0, "pool_name", pool,
                    "state", state.name().toLowerCase(Locale.ROOT));
        }
        text.family("tusk_circuit_breaker_consecutive_failures", "gauge", "Connection failures since the last success.")
                .sample("tusk_circuit_breaker_consecutive_failures", breaker.consecutiveFailures(), "pool_name", pool);
        text.family("tusk_circuit_breaker_opened_total", "counter", "Times the circuit breaker opened.")
                .sample("tusk_circuit_breaker_opened_total", breaker.timesOpened(), "pool_name", pool);
        text.family("tusk_statement_retries_total", "counter", "One-liners tried again after a failure safe to retry.")
                .sample("tusk_statement_retries_total", resilience.statementRetries(), "pool_name", pool);
        text.family("tusk_transaction_reruns_total", "counter",
                        "Transactions whose callback ran again after a failure that rolled them back.")
                .sample("tusk_transaction_reruns_total", resilience.transactionReruns(), "pool_name", pool);
        text.family("tusk_commits_resolved_total", "counter",
                        "COMMITs whose lost acknowledgement was resolved by asking the server.")
                .sample("tusk_commits_resolved_total", resilience.commitsResolved(), "pool_name", pool);
        text.family("tusk_commit_outcomes_unknown_total", "counter",
                        "COMMITs whose outcome the server could not be asked about in time.")
                .sample("tusk_commit_outcomes_unknown_total", resilience.commitOutcomesUnknown(), "pool_name", pool);
        text.family("tusk_statement_cache_lookups_total", "counter",
                        "Statements looked up in the per-connection prepared-statement cache, by result.")
                .sample("tusk_statement_cache_lookups_total", cache.hits(), "pool_name", pool, "result", "hit")
                .sample("tusk_statement_cache_lookups_total", cache.misses(), "pool_name", pool, "result", "miss");
        statements(text, pool, stats, statements);
        text.family("tusk_audit_events_total", "counter",
                        "Audit events, by outcome: queued (taken), written (to the audit table), dropped (queue full).")
                .sample("tusk_audit_events_total", audit.queued(), "pool_name", pool, "outcome", "queued")
                .sample("tusk_audit_events_total", audit.written(), "pool_name", pool, "outcome", "written")
                .sample("tusk_audit_events_total", audit.dropped(), "pool_name", pool, "outcome", "dropped");
        text.family("tusk_audit_write_failures_total", "counter",
                        "Attempts to write a batch to the audit table that failed; each is tried again.")
                .sample("tusk_audit_write_failures_total", audit.failedWrites(), "pool_name", pool);
        text.family("tusk_audit_pending", "gauge", "Audit events queued but not written yet.")
                .sample("tusk_audit_pending", audit.pending(), "pool_name", pool);
        return text.text();
    }

    /**
     * Statement figures by operation, a fixed set of verbs, rather than by statement: a series per fingerprint would
     * grow with the application's SQL. The sums cover the statements still tracked, so they drop (a counter reset to
     * Prometheus) only when a statement is evicted, which takes more than a thousand distinct statements.
     */
    private static void statements(PrometheusText text, String pool, PoolStats stats, StatementStats statements) {
        var operations = OperationTotals.of(statements);
        text.family("db_client_operation_duration_seconds", "summary",
                "Time spent in statements by operation, over the statements tracked by statement statistics.");
        for (OperationTotals totals : operations) {
            text.sample("db_client_operation_duration_seconds_sum", seconds(totals.totalTime()), "pool_name", pool,
                            "db_operation_name", totals.operation())
                    .sample("db_client_operation_duration_seconds_count", totals.calls(), "pool_name", pool,
                            "db_operation_name", totals.operation());
        }
        text.family("tusk_statement_duration_max_seconds", "gauge", "The slowest single statement call, by operation.");
        for (OperationTotals totals : operations) {
            text.sample("tusk_statement_duration_max_seconds", seconds(totals.maxTime()), "pool_name", pool,
                    "db_operation_name", totals.operation());
        }
        text.family("tusk_statement_errors_total", "counter", "Statement calls that failed, by operation.");
        for (OperationTotals totals : operations) {
            text.sample("tusk_statement_errors_total", totals.errors(), "pool_name", pool,
                    "db_operation_name", totals.operation());
        }
        text.family("tusk_statements_total", "counter", "Statements the client ran, failures included.")
                .sample("tusk_statements_total", stats.queries(), "pool_name", pool);
        text.family("tusk_transactions_total", "counter", "Transactions the client began, re-runs not counted again.")
                .sample("tusk_transactions_total", stats.transactions(), "pool_name", pool);
        text.family("tusk_errors_total", "counter",
                        "Statements that failed plus transactions rolled back on an exception.")
                .sample("tusk_errors_total", stats.errors(), "pool_name", pool);
        text.family("tusk_statements_slow_total", "counter", "Statements slower than slowQueryThreshold.")
                .sample("tusk_statements_slow_total", statements.slowStatements(), "pool_name", pool);
        text.family("tusk_statements_tracked", "gauge", "Distinct normalised statements statement statistics holds.")
                .sample("tusk_statements_tracked", statements.statements().size(), "pool_name", pool);
        text.family("tusk_statements_evicted_total", "counter",
                        "Normalised statements dropped from statement statistics to keep it bounded.")
                .sample("tusk_statements_evicted_total", statements.evictedStatements(), "pool_name", pool);
    }

    private static double seconds(java.time.Duration duration) {
        return duration == null ? 0 : duration.toNanos() / 1e9;
    }
}
