package dev.tusk.http;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every endpoint of the embeddable server, against a client of a real server. */
@WithPostgres
class TuskHttpServerTest {

    // A sample line of the text format: a name, optional labels with quoted values, and a number.
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-z_]+(\\{([a-z_]+=\"[^\"]*\",?)+\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)");

    @Test
    void shouldServeThePoolAsJsonWithoutCredentials(PostgresServer postgres, TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             TuskHttpServer server = TuskHttpServer.start(client)) {
            for (int i = 0; i < 5; i++) {
                client.queryValue("SELECT 1", Integer.class);
            }

            Http.Reply reply = Http.get(server, "/pool");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.body()).startsWith("{").contains(
                    "\"pool\":\"" + postgres.host() + ":" + postgres.port() + "/" + database.name() + "\"",
                    "\"history\":[{\"at\":");
            assertThat(Http.jsonNumber(reply.body(), "acquires")).isGreaterThanOrEqualTo(5);
            assertThat(Http.jsonNumber(reply.body(), "maximum")).isEqualTo(client.config().poolMaxSize());
            assertNoSecret(reply.body(), postgres);
        }
    }

    @Test
    void shouldServeMetricsInThePrometheusTextFormat(PostgresServer postgres, TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             TuskHttpServer server = TuskHttpServer.start(client)) {
            client.queryValue("SELECT 1", Integer.class);
            String pool = "pool_name=\"" + postgres.host() + ":" + postgres.port() + "/" + database.name() + "\"";

            Http.Reply reply = Http.get(server, "/metrics");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(reply.body()).contains("# TYPE db_client_connections_usage gauge\n",
                    "# TYPE db_client_connections_timeouts_total counter\n",
                    "db_client_connections_max{" + pool + "} " + client.config().poolMaxSize() + "\n",
                    "tusk_circuit_breaker_state{" + pool + ",state=\"closed\"} 1\n",
                    "tusk_circuit_breaker_state{" + pool + ",state=\"open\"} 0\n");
            assertThat(Http.metric(reply.body(), "tusk_pool_acquires_total{" + pool + "}")).isGreaterThanOrEqualTo(1);
            double used = Http.metric(reply.body(), "db_client_connections_usage{" + pool + ",state=\"used\"}");
            double idle = Http.metric(reply.body(), "db_client_connections_usage{" + pool + ",state=\"idle\"}");
            assertThat(used + idle).isEqualTo(client.poolStats().size());
            for (String line : reply.body().split("\n")) {
                if (!line.startsWith("# HELP ") && !line.startsWith("# TYPE ")) {
                    assertThat(line).matches(SAMPLE);
                }
            }
            assertNoSecret(reply.body(), postgres);
        }
    }

    @Test
    void shouldServeTheTopStatementsWithNormalisedSqlOnly(PostgresServer postgres, TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder()
                .slowQueryThreshold(Duration.ofMillis(400)).build();
        try (TuskClient client = Tusk.connect(config);
             TuskHttpServer server = TuskHttpServer.start(client)) {
            client.execute("CREATE TABLE account (id int, token text)");
            client.execute("INSERT INTO account VALUES (1, 'literal-token-one')");
            client.execute("INSERT INTO account VALUES (2, 'literal-token-two')");
            for (int i = 0; i < 3; i++) {
                client.query("SELECT token FROM account WHERE token <> 'literal-in-where' AND id > ?", String.class,
                        424242);
            }
            // Far over the threshold, while a CREATE TABLE on a loaded machine stays far under it.
            client.queryValue("SELECT 1 FROM pg_sleep(0.5)", Integer.class);

            Http.Reply reply = Http.get(server, "/statements");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("application/json");
            // JSON writes '<' as \u003c so that a document can sit in a page; a JSON reader gets '<' back.
            assertThat(reply.body()).contains(
                    "\"normalizedSql\":\"INSERT INTO account VALUES (?, ?)\",\"operation\":\"INSERT\",\"calls\":2,\"errors\":0,\"rows\":2,",
                    "\"normalizedSql\":\"SELECT token FROM account WHERE token \\u003c> ? AND id > ?\",\"operation\":\"SELECT\",\"calls\":3,",
                    "\"operations\":[", "\"operation\":\"CREATE\"", "\"evictedStatements\":0,\"slowStatements\":1,");
            assertThat(reply.body()).doesNotContain("literal-", "424242", "0.5)");
            // By total time, largest first: the 500 ms sleep leads, in milliseconds.
            assertThat(reply.body()).containsPattern("\"statements\":\\[\\{\"fingerprint\":\"[0-9a-f]{16}\","
                    + "\"normalizedSql\":\"SELECT \\? FROM pg_sleep\\(\\?\\)\"");
            assertThat(Http.jsonNumber(reply.body(), "maxTimeMs")).isBetween(500.0, 5_000.0);
            // The sleep was slower than the 400 ms threshold, so it is also the one recent slow statement.
            assertThat(reply.body()).containsPattern("\"recentSlow\":\\[\\{\"at\":\\d{13},\"fingerprint\":\"[0-9a-f]{16}\","
                    + "\"normalizedSql\":\"SELECT \\? FROM pg_sleep\\(\\?\\)\",\"durationMs\":\\d+\\.?\\d*,\"rows\":-1,"
                    + "\"caller\":\"" + Pattern.quote(TuskHttpServerTest.class.getName())
                    + "\\.shouldServeTheTopStatementsWithNormalisedSqlOnly\\(TuskHttpServerTest\\.java:\\d+\\)\","
                    + "\"failure\":null}]}");
            assertThat(Http.jsonNumber(reply.body(), "tracked")).isEqualTo(client.statementStats().statements().size());
            assertNoSecret(reply.body(), postgres);
        }
    }

    @Test
    void shouldServeStatementFiguresByOperationInMetrics(PostgresServer postgres, TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().maxRetries(0)
                .slowQueryThreshold(Duration.ofMillis(400)).build();
        try (TuskClient client = Tusk.connect(config);
             TuskHttpServer server = TuskHttpServer.start(client)) {
            for (int i = 0; i < 4; i++) {
                client.queryValue("SELECT " + i, Integer.class);
            }
            client.queryValue("SELECT pg_sleep(0.5)::text", String.class);
            client.inTransaction(tx -> tx.execute("CREATE TABLE t (id int)"));
            assertThatThrownBy(() -> client.execute("INSERT INTO missing VALUES (1)"));
            String pool = "pool_name=\"" + postgres.host() + ":" + postgres.port() + "/" + database.name() + "\"";

            String body = Http.get(server, "/metrics").body();

            assertThat(body).contains("# TYPE db_client_operation_duration_seconds summary\n",
                    "db_client_operation_duration_seconds_count{" + pool + ",db_operation_name=\"SELECT\"} 5\n",
                    "db_client_operation_duration_seconds_count{" + pool + ",db_operation_name=\"CREATE\"} 1\n",
                    "tusk_statement_errors_total{" + pool + ",db_operation_name=\"INSERT\"} 1\n",
                    "tusk_statements_slow_total{" + pool + "} 1\n",
                    "tusk_transactions_total{" + pool + "} 1\n",
                    "tusk_statements_evicted_total{" + pool + "} 0\n");
            assertThat(Http.metric(body, "db_client_operation_duration_seconds_sum{" + pool
                    + ",db_operation_name=\"SELECT\"}")).isGreaterThanOrEqualTo(0.5);
            assertThat(Http.metric(body, "tusk_statement_duration_max_seconds{" + pool
                    + ",db_operation_name=\"SELECT\"}")).isGreaterThanOrEqualTo(0.5);
            assertThat(Http.metric(body, "tusk_statements_total{" + pool + "}")).isEqualTo(client.poolStats().queries());
            // A failed statement, counted once; no transaction rolled back.
            assertThat(Http.metric(body, "tusk_errors_total{" + pool + "}")).isEqualTo(1);
            // One series per operation, not per statement: four distinct SELECTs make one.
            assertThat(body.lines().filter(line -> line.startsWith("db_client_operation_duration_seconds_count{"))
                    .toList()).hasSize(3);
            assertThat(body).doesNotContain("pg_sleep", "missing");
        }
    }

    @Test
    void shouldServeTheLatestHealthReportWithoutTakingAConnection(PostgresServer postgres, TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().healthCheckInterval(Duration.ofHours(1))
                .build();
        try (TuskClient client = Tusk.connect(config);
             TuskHttpServer server = TuskHttpServer.start(client)) {
            HealthReport checked = client.health();
            long acquires = client.poolStats().acquires();

            Http.Reply first = Http.get(server, "/health");
            Http.Reply second = Http.get(server, "/health");

            assertThat(checked.status()).isNotEqualTo(HealthStatus.UNHEALTHY);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.contentType()).isEqualTo("application/json");
            assertThat(first.body()).isEqualTo(checked.toJson() + "\n").isEqualTo(second.body())
                    .contains("\"status\":\"" + checked.status() + "\"", "\"breaker\":{\"state\":\"CLOSED\"");
            // Both answers came from the report the client kept: no scrape borrowed a connection.
            assertThat(client.poolStats().acquires()).isEqualTo(acquires);
            assertNoSecret(first.body(), postgres);
        }
    }

    @Test
    void shouldAnswer503WithTheReportOnceTheServerIsStopped() throws InterruptedException {
        try (ManagedPostgres postgres = ManagedPostgres.builder().label("http-health").start()) {
            TuskConfig config = TuskConfig.fromUrl(postgres.url(postgres.defaultDatabase())).toBuilder()
                    .warmUp(false).poolMinSize(0).acquireTimeout(Duration.ofMillis(300))
                    .connectTimeout(Duration.ofMillis(300)).retryDeadline(Duration.ofMillis(300))
                    .healthCheckInterval(Duration.ofMillis(200)).build();
            try (TuskClient client = Tusk.connect(config);
                 TuskHttpServer server = TuskHttpServer.start(client)) {
                assertThat(Http.get(server, "/health").status()).isEqualTo(200);

                postgres.stop();
                // The background check notices within a few of its intervals; this waits for it, not for a time.
                Http.Reply reply = Http.get(server, "/health");
                for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                     reply.status() != 503 && System.nanoTime() < deadline; reply = Http.get(server, "/health")) {
                    Thread.sleep(100);
                }

                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.contentType()).isEqualTo("application/json");
                assertThat(reply.body()).contains("\"status\":\"UNHEALTHY\"", "\"server\":null")
                        .doesNotContain("\"reasons\":[]");
                assertNoSecret(reply.body(), postgres);

                postgres.start();
                reply = Http.get(server, "/health");
                for (long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                     reply.status() != 200 && System.nanoTime() < deadline; reply = Http.get(server, "/health")) {
                    Thread.sleep(100);
                }
                assertThat(reply.status()).as("healthy again once the server is back").isEqualTo(200);
            }
        }
    }

    @Test
    void shouldShowTheBreakerOpenWhenTheServerStops() {
        try (ManagedPostgres postgres = ManagedPostgres.builder().label("http-breaker").start()) {
            TuskConfig config = TuskConfig.fromUrl(postgres.url(postgres.defaultDatabase())).toBuilder()
                    .warmUp(false).poolMinSize(0).acquireTimeout(Duration.ofMillis(300))
                    .connectTimeout(Duration.ofMillis(300)).retryDeadline(Duration.ofMillis(300))
                    .circuitBreakerThreshold(2).build();
            try (TuskClient client = Tusk.connect(config);
                 TuskHttpServer server = TuskHttpServer.start(client)) {
                client.queryValue("SELECT 1", Integer.class);
                assertThat(Http.get(server, "/resilience").body()).contains("\"state\":\"CLOSED\"");

                postgres.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class));
                }

                Http.Reply reply = Http.get(server, "/resilience");
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.contentType()).isEqualTo("application/json");
                assertThat(reply.body()).contains("\"state\":\"OPEN\"", "\"timesOpened\":1");
                assertThat(Http.get(server, "/metrics").body()).containsPattern("tusk_circuit_breaker_state\\{[^}]*state=\"open\"} 1\n")
                        .containsPattern("tusk_circuit_breaker_opened_total\\{[^}]*} 1\n");
                assertNoSecret(reply.body(), postgres);
            }
        }
    }

    @Test
    void shouldServeTheDashboardPageLockedToThisServer(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             TuskHttpServer server = TuskHttpServer.start(client)) {
            Http.Reply reply = Http.get(server, "/");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(reply.body()).contains("<title>Tusk</title>", "fetch(path");
            // The SVG namespace is a name, not a request; any other absolute URL would need a network.
            assertThat(reply.body().replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "//cdn");
            assertThat(Http.send("GET", server.uri()).body()).isEqualTo(reply.body());
        }
    }

    @Test
    void shouldRefuseUnknownPathsAndMethods(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             TuskHttpServer server = TuskHttpServer.start(client)) {
            assertThat(Http.get(server, "/nothing").status()).isEqualTo(404);
            assertThat(Http.send("POST", server.uri().resolve("/pool")).status()).isEqualTo(405);
            Http.Reply head = Http.send("HEAD", server.uri().resolve("/metrics"));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void shouldListenOnLoopbackByDefault(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url());
             TuskHttpServer server = TuskHttpServer.start(client)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.address().getPort() + "/");
        }
    }

    @Test
    void shouldStopListeningWhenClosedWhileTheClientStaysOpen(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            TuskHttpServer server = TuskHttpServer.start(client,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(Http.get(server, "/pool").status()).isEqualTo(200);

            server.close();

            assertThatThrownBy(() -> Http.get(server, "/pool")).isInstanceOf(java.io.UncheckedIOException.class).hasCauseInstanceOf(java.net.ConnectException.class);
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    private static void assertNoSecret(String body, PostgresServer postgres) {
        String password = postgres.superuserPassword();
        if (password != null && !password.isEmpty()) {
            assertThat(body).doesNotContain(password);
        }
        assertThat(body).doesNotContain("password");
    }
}
