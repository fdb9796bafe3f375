package dev.tusk.metrics;

import dev.tusk.SyntaxErrorException;
import dev.tusk.TuskClient;
import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.batch.ItemOptions;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.pool.PoolHooks;
import dev.tusk.query.Sql;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tusk's meters against a real server, in a simple registry and in the Prometheus registry's scrape text. */
@WithPostgres
class TuskMetricsTest {

    private static TuskConfig config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().applicationName("orders").poolMaxSize(4)
                .retryDelay(Duration.ofMillis(1)).retryMaxDelay(Duration.ofMillis(5)).build();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tag("pool", "orders").tags(tags).gauge().value();
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tag("pool", "orders").tags(tags).functionCounter().count();
    }

    private static long operations(MeterRegistry registry, String operation, String outcome) {
        return registry.find("db.client.operation.duration").tag("db.operation.name", operation)
                .tag("outcome", outcome).timers().stream().mapToLong(timer -> timer.count()).sum();
    }

    @Test
    void shouldMoveThePoolGaugesWithHeldConnections(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TuskClient client = TuskMetrics.connect(config(database.url()), PoolHooks.NONE, registry)) {
            assertThat(gauge(registry, "db.client.connections.max")).isEqualTo(4);
            double usedBefore = gauge(registry, "db.client.connections.usage", "state", "used");
            client.withConnection(first -> client.withConnection(second -> {
                assertThat(gauge(registry, "db.client.connections.usage", "state", "used")).isEqualTo(usedBefore + 2);
                return null;
            }));
            assertThat(gauge(registry, "db.client.connections.usage", "state", "used")).isEqualTo(usedBefore);
            assertThat(gauge(registry, "db.client.connections.usage", "state", "idle")).isPositive();
            assertThat(gauge(registry, "db.client.connections.pending_requests")).isZero();
            assertThat(counter(registry, "tusk.connections.created")).isPositive();
            assertThat(registry.get("db.client.connections.wait_time").tag("pool", "orders").timer().count())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldCountStatementsByOperationAndOutcome(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TuskClient client = TuskMetrics.connect(config(database.url()), PoolHooks.NONE, registry)) {
            client.execute("CREATE TABLE item (id int)");
            client.execute("INSERT INTO item VALUES (?)", 1);
            client.execute("  insert into item VALUES (?)", 2);
            client.query("SELECT id FROM item", Integer.class);
            client.inTransaction(tx -> tx.queryValue("(SELECT count(*) FROM item)", Long.class));
            assertThatThrownBy(() -> client.execute("SELEC 1")).isInstanceOf(SyntaxErrorException.class);
            assertThat(operations(registry, "INSERT", "success")).isEqualTo(2);
            assertThat(operations(registry, "SELECT", "success")).isEqualTo(2);
            assertThat(operations(registry, "CREATE", "success")).isEqualTo(1);
            assertThat(registry.get("db.client.operation.duration").tag("db.operation.name", "OTHER")
                    .tag("outcome", "failure").tag("error.type", "SyntaxErrorException")
                    .tag("db.system.name", "postgresql").timer().count()).isEqualTo(1);
            assertThat(registry.get("tusk.transaction.duration").tag("outcome", "commit").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldMeterTheTopStatementsByFingerprintAndTheClientsCounts(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TuskConfig config = config(database.url()).toBuilder().slowQueryThreshold(Duration.ofMillis(50)).build();
        try (TuskClient client = TuskMetrics.connect(config, PoolHooks.NONE, registry)) {
            for (int i = 0; i < 5; i++) {
                client.queryValue("SELECT " + i + " + 1", Integer.class);
            }
            client.queryValue("SELECT 1 FROM pg_sleep(0.06)", Integer.class);
            String fingerprint = client.statementStats().statements().stream()
                    .filter(stat -> stat.normalizedSql().equals("SELECT ? + ?")).findFirst().orElseThrow().fingerprint();
            // The gauge refreshes which statements have meters of their own when it is read.
            assertThat(gauge(registry, "tusk.statements.tracked")).isPositive();
            var timer = registry.get("tusk.statement.duration").tag("fingerprint", fingerprint);
            assertThat(timer.meters()).isNotEmpty();
            assertThat(counter(registry, "tusk.statements.slow")).isEqualTo(1);
            assertThat(counter(registry, "tusk.statements")).isGreaterThanOrEqualTo(6);
            assertThat(counter(registry, "tusk.errors")).isZero();
            // No meter carries SQL text: tags are fingerprints and operation names only.
            assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                    .noneMatch(tag -> tag.getValue().contains("pg_sleep") || tag.getValue().contains("+")));
        }
    }

    @Test
    void shouldCountRetriesAndRerunsAfterATerminatedBackend(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TuskClient client = TuskMetrics.connect(config(database.url()), PoolHooks.NONE, registry)) {
            client.execute("CREATE SEQUENCE kills");
            String killOnce = "SELECT CASE WHEN nextval('kills') = 1 THEN pg_terminate_backend(pg_backend_pid()) "
                    + "ELSE true END";
            client.idempotent().queryValue(killOnce, Boolean.class);
            client.execute("ALTER SEQUENCE kills RESTART");
            client.inTransaction(tx -> tx.queryValue(killOnce, Boolean.class));
            assertThat(counter(registry, "tusk.statement.retries")).isEqualTo(1);
            assertThat(counter(registry, "tusk.transaction.reruns")).isEqualTo(1);
            assertThat(counter(registry, "tusk.connections.retired", "reason", "broken")).isPositive();
            assertThat(counter(registry, "tusk.commits.unknown")).isZero();
        }
    }

    @Test
    void shouldShowTheBreakerOpenAfterFailures() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ManagedPostgres server = ManagedPostgres.builder().label("metrics-breaker").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).toBuilder().warmUp(false).poolMinSize(0)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(2).build();
            try (TuskClient client = TuskMetrics.connect(config, PoolHooks.NONE, registry)) {
                client.queryValue("SELECT 1", Integer.class);
                assertThat(gauge(registry, "tusk.breaker.state", "state", "closed")).isEqualTo(1);
                server.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class));
                }
                assertThat(gauge(registry, "tusk.breaker.state", "state", "open")).isEqualTo(1);
                assertThat(gauge(registry, "tusk.breaker.state", "state", "closed")).isZero();
                assertThat(counter(registry, "tusk.breaker.opened")).isEqualTo(1);
                assertThat(registry.get("tusk.breaker.transitions").tag("from", "closed").tag("to", "open").counter()
                        .count()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldCountCopyRowsAndBytesAndBatchItems(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TuskClient client = TuskMetrics.connect(config(database.url()), PoolHooks.NONE, registry)) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
            client.copy().copyIn("item", List.of("id", "name"), List.of(new Object[]{1, "a"}, new Object[]{2, "b"},
                    new Object[]{3, "c"}));
            try (Stream<Integer> ids = client.copy().copyOut(CopyOutSource.table("item"), Integer.class)) {
                assertThat(ids.count()).isEqualTo(3);
            }
            assertThat(registry.get("tusk.copy.rows").tag("direction", "in").counter().count()).isEqualTo(3);
            assertThat(registry.get("tusk.copy.rows").tag("direction", "out").counter().count()).isEqualTo(3);
            assertThat(registry.get("tusk.copy.bytes").tag("direction", "in").counter().count()).isGreaterThan(3 * 4);
            assertThat(registry.get("tusk.copy.duration").tag("direction", "in").tag("outcome", "success").timer()
                    .count()).isEqualTo(1);

            client.executeBatch(List.of(Sql.of("INSERT INTO item VALUES (?, ?)", 4, "d"),
                    Sql.of("INSERT INTO item VALUES (?, ?)", 5, "e")), StatementBatchOptions.DEFAULT);
            client.processItems(List.of(6, 1), (chunk, db) -> db.execute("INSERT INTO item VALUES (?, 'x')",
                    chunk.getFirst()), ItemOptions.DEFAULT);
            assertThat(registry.get("tusk.batch.duration").timer().count()).isEqualTo(2);
            assertThat(registry.get("tusk.batch.items").counter().count()).isEqualTo(4);
            assertThat(registry.get("tusk.batch.errors").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void shouldServePrometheusSeriesWithTheirTagsAndNoParameterValues(TestDatabase database) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TuskClient client = TuskMetrics.connect(config(database.url()), PoolHooks.NONE, registry)) {
            client.execute("CREATE TABLE secret (value text)");
            client.execute("INSERT INTO secret VALUES (?)", "hunter2-parameter");
            client.query("SELECT value FROM secret WHERE value <> 'hunter3-literal'", String.class);
            assertThatThrownBy(() -> client.execute("INSERT INTO secret VALUES (?::int)", "hunter4-bad"));
            String scrape = registry.scrape();
            assertThat(scrape)
                    .contains("db_client_connections_usage{pool=\"orders\",state=\"used\"}")
                    .contains("db_client_connections_usage{pool=\"orders\",state=\"idle\"}")
                    .contains("db_client_connections_max{pool=\"orders\"} 4.0")
                    .contains("db_client_connections_pending_requests{pool=\"orders\"}")
                    .contains("db_client_connections_wait_time_seconds_count{pool=\"orders\"}")
                    .containsPattern("db_client_operation_duration_seconds_count\\{db_operation_name=\"INSERT\","
                            + "db_system_name=\"postgresql\",error_type=\"none\",outcome=\"success\",pool=\"orders\"} 1")
                    .contains("outcome=\"failure\"")
                    .contains("tusk_connections_retired_total{pool=\"orders\",reason=\"lifetime\"} 0")
                    .contains("tusk_breaker_state{pool=\"orders\",state=\"closed\"} 1")
                    .contains("tusk_statement_retries_total{pool=\"orders\"} 0")
                    .contains("tusk_pool_clean_return_rollbacks_total{pool=\"orders\"}")
                    .contains("tusk_copy_rows_total{direction=\"in\",pool=\"orders\"} 0")
                    .doesNotContain("hunter");
        }
    }

    @Test
    void shouldRegisterNothingWhenMetricsAreDisabled(TestDatabase database) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TuskConfig config = config(database.url()).toBuilder().metricsEnabled(false).build();
        assertThat(TuskMetrics.tracer(config, registry)).isSameAs(dev.tusk.trace.TuskTracer.NONE);
        try (TuskClient client = TuskMetrics.connect(config, PoolHooks.NONE, registry)) {
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
        assertThat(registry.getMeters()).isEmpty();
    }
}
