package dev.tusk.security;

import dev.tusk.CopyException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.UniqueViolationException;
import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.Profile;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.http.TuskHttpServer;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.Subscription;
import dev.tusk.metrics.TuskMetrics;
import dev.tusk.pool.PoolHooks;
import dev.tusk.query.Sql;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.trace.TuskTracer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the client's features with a distinctive password and a distinctive parameter value, gathers everything a
 * program or an operator could see (log lines, exception messages with their causes, toString of every object, health,
 * TLS and statement reports, Prometheus text and the HTTP documents), and finds neither string anywhere.
 */
class NoSecretLeakTest {

    private static final String PASSWORD = "pw-Zq7!secret-8472";
    private static final String VALUE = "val-9Xk-sensitive-3310";
    // Fragments as well as whole strings: a truncated or re-quoted secret is still a leak.
    private static final List<String> SECRETS = List.of(PASSWORD, VALUE, "Zq7!secret", "9Xk-sensitive");

    private static ManagedPostgres server;

    private LeakWatch watch;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("secrets")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"))
                .start();
        server.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
        server.execute("CREATE DATABASE app OWNER app");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        watch = LeakWatch.start();
    }

    @AfterEach
    void restoreLogs() {
        watch.close();
    }

    private static TuskConfig config(String host, int port, String database, String password) {
        // Staging, not development: outside development no message may quote a value.
        return TuskConfig.builder().profile(Profile.STAGING).host(host).port(port).database(database).user("app")
                .password(password).sslMode(SslMode.DISABLE).warmUp(false).poolMinSize(0)
                .connectTimeout(Duration.ofSeconds(2)).acquireTimeout(Duration.ofSeconds(3))
                .slowQueryThreshold(Duration.ofMillis(1)).build();
    }

    private static TuskConfig appConfig() {
        return config("127.0.0.1", server.port(), "app", PASSWORD);
    }

    @Test
    void shouldShowNeitherThePasswordNorAParameterValueAnywhere() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TuskConfig config = appConfig();
        see(config);
        try (TuskClient client = TuskMetrics.connect(config, PoolHooks.NONE, registry)) {
            TuskHttpServer http = TuskHttpServer.start(client);
            try {
                client.execute("CREATE TABLE secret (token text PRIMARY KEY, n int)");
                client.execute("INSERT INTO secret VALUES (?, 1)", VALUE);

                seeFailure(assertThatThrownBy(() -> client.execute("INSERT INTO secret VALUES (?, 2)", VALUE))
                        .isInstanceOf(UniqueViolationException.class).actual());
                seeFailure(assertThatThrownBy(() -> client.withTimeout(Duration.ofMillis(200))
                        .queryValue("SELECT length(?) FROM pg_sleep(5)", Integer.class, VALUE))
                        .isInstanceOf(QueryTimeoutException.class).actual());
                seeFailure(assertThatThrownBy(() -> client.copy().copyIn("secret", List.of("token", "n"),
                        List.<Object[]>of(new Object[] {"other", VALUE})))
                        .isInstanceOfSatisfying(CopyException.class, e -> {
                            assertThat(e.rowNumber()).isEqualTo(1);
                            assertThat(e.getMessage()).contains("row 1", "\"n\"", "int4", "java.lang.String");
                        }).actual());
                seeFailure(assertThatThrownBy(() -> client.bulkInsert("secret", List.of("token", "n"),
                        List.<Object[]>of(new Object[] {VALUE, 3})))
                        .isInstanceOf(TuskException.class).actual());
                seeFailure(assertThatThrownBy(() -> client.executeBatch(List.of(
                        Sql.of("INSERT INTO secret VALUES (?, 4)", "fresh"),
                        Sql.of("INSERT INTO secret VALUES (?, 5)", VALUE)), StatementBatchOptions.DEFAULT))
                        .isInstanceOf(TuskException.class).actual());
                // A slow statement with the value as a parameter: the slow-query log shows its normalized SQL only.
                assertThat(client.queryValue("SELECT length(?) FROM pg_sleep(0.01)", Integer.class, VALUE)).isEqualTo(22);
                assertThat(client.queryValue("SELECT count(*)::int FROM secret WHERE token = '"
                        + VALUE + "'", Integer.class)).isEqualTo(1);

                see(client, client.config(), client.poolStats(), client.statementStats(), client.tlsReport(),
                        client.circuitBreaker(), client.resilienceStats(), client.connectionInfo());
                var health = client.health(Duration.ZERO);
                see(health, health.toJson());
                see(registry.scrape());
                for (String path : List.of("/metrics", "/statements", "/health", "/pool", "/")) {
                    see(get(http.uri().resolve(path)));
                }
                see(http);
            } finally {
                http.close();
            }
        }
        assertNoSecret();
    }

    @Test
    void shouldKeepThePasswordOutOfConnectFailures() {
        List<TuskConfig> failing = List.of(
                config("127.0.0.1", server.port(), "app", "wrong-" + PASSWORD),
                config("127.0.0.1", server.port(), "no_such_database", PASSWORD),
                config("127.0.0.1", 1, "app", PASSWORD),
                config("no-such-host.invalid", server.port(), "app", PASSWORD));
        for (TuskConfig config : failing) {
            see(config);
            try (TuskClient client = Tusk.connect(config)) {
                see(client);
                seeFailure(assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOf(TuskException.class).actual());
                see(client.health(Duration.ZERO), client.health(Duration.ZERO).toJson(), client.poolStats());
            } catch (TuskException e) {
                seeFailure(e);
            }
        }
        assertThat(watch.everything()).anySatisfy(line -> assertThat(line).contains("28P01"));
        assertNoSecret();
    }

    @Test
    void shouldKeepSecretsOutOfHealthAgainstAStoppedServerAndTracerEvents() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        TuskTracer tracer = new TuskTracer() {
            @Override
            public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
                events.add("statementFailed " + sql);
                seeFailure(failure);
            }

            @Override
            public void statementSucceeded(String sql, Object context, long rows, long nanos) {
                events.add("statementSucceeded " + sql);
            }

            @Override
            public void connectionFailed(Throwable failure, long waitNanos) {
                events.add("connectionFailed");
                seeFailure(failure);
            }

            @Override
            public void copyFinished(String target, boolean in, long rows, long bytes, long nanos, Throwable failure) {
                events.add("copyFinished " + target);
                if (failure != null) {
                    seeFailure(failure);
                }
            }
        };
        try (ManagedPostgres doomed = ManagedPostgres.builder().label("secrets-stopped")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"))
                .start()) {
            doomed.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
            TuskConfig config = config("127.0.0.1", doomed.port(), "postgres", PASSWORD);
            try (TuskClient client = Tusk.connect(config, PoolHooks.NONE, tracer)) {
                client.execute("CREATE TEMP TABLE t (n int)");
                seeFailure(assertThatThrownBy(() -> client.copy().copyIn("t", List.of("n"), List.<Object[]>of(new Object[] {VALUE})))
                        .isInstanceOfSatisfying(CopyException.class,
                                e -> assertThat(e.value()).as("kept for the program").isEqualTo(VALUE)).actual());
                doomed.stop();
                var health = client.health(Duration.ZERO);
                assertThat(health.isHealthy()).isFalse();
                see(health, health.toJson(), client.poolStats(), client.lastHealth());
                seeFailure(assertThatThrownBy(() -> client.queryValue("SELECT length(?)", Integer.class, VALUE))
                        .isInstanceOf(TuskException.class).actual());
            }
        }
        assertThat(events).contains("copyFinished t");
        see(events);
        assertNoSecret();
    }

    @Test
    void shouldKeepSecretsOutOfListenAndNotify() throws Exception {
        List<Object> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TuskClient client = Tusk.connect(appConfig())) {
            NotificationListener listener = NotificationListener.of(notification -> {
                heard.add(notification);
                throw new IllegalStateException("listener refused a notification");
            }, heard::add);
            try (Subscription subscription = client.listen("secrets", listener)) {
                client.notify("secrets", VALUE);
                awaitSize(heard, 1);
                // A reconnect, for its WARN lines.
                server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN \"secrets\"'");
                awaitSize(heard, 2);
                seeFailure(assertThatThrownBy(() -> client.notify("secrets", VALUE.repeat(400)))
                        .isInstanceOf(IllegalArgumentException.class).actual());
                seeFailure(assertThatThrownBy(() -> client.notify("secrets", VALUE + "\0"))
                        .isInstanceOf(IllegalArgumentException.class).actual());
                see(subscription, subscription.stats(), heard);
            }
        }
        assertNoSecret();
    }

    @Test
    void shouldPrintTheEffectiveConfigWithoutThePassword() {
        Map<String, String> environment = Map.of("TUSK_ENV", "staging", "POSTGRES_HOST", "db.example",
                "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_SSL_ENABLED", "false",
                "DATABASE_URL", "postgresql://app:" + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                        + "@db.example/app");
        EffectiveConfig effective = ConfigLoader.of(environment::get, null).load();
        assertThat(effective.config().password()).isEqualTo(PASSWORD);
        see(effective, effective.render(), effective.config(), effective.warnings());
        assertNoSecret();
    }

    private static void awaitSize(List<Object> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSize(size);
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isLessThan(500);
            return reply.statusCode() + " " + reply.body();
        }
    }

    @Test
    void shouldKeepReplicaPasswordsOutOfRoutingLogsFailuresAndReports() throws Exception {
        int refusing;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            refusing = socket.getLocalPort();
        }
        // Every replica is skipped: one refuses connections, one refuses the password, one is no standby.
        TuskConfig config = appConfig().toBuilder().replicaCheckInterval(Duration.ofMillis(50))
                .readFallback(dev.tusk.config.ReadFallback.FAIL)
                .readReplicas(List.of("postgresql://app:" + PASSWORD + "@127.0.0.1:" + refusing + "/app",
                        "postgresql://app:wrong-" + PASSWORD + "@127.0.0.1:" + server.port() + "/app",
                        "postgresql://app:" + PASSWORD + "@127.0.0.1:" + server.port() + "/app"))
                .build();
        see(config);
        try (TuskClient client = Tusk.connect(config)) {
            seeFailure(assertThatThrownBy(() -> client.readOnly().queryValue("SELECT length(?)", Integer.class, VALUE))
                    .isInstanceOf(dev.tusk.ConnectionException.class)
                    .hasMessageContaining("readFallback=fail").actual());
            see(client, client.replicas(), client.health(Duration.ZERO), client.health(Duration.ZERO).toJson());
            assertThat(client.replicas()).extracting(dev.tusk.routing.ReplicaStatus::state).containsExactly(
                    dev.tusk.routing.ReplicaState.DOWN, dev.tusk.routing.ReplicaState.DOWN,
                    dev.tusk.routing.ReplicaState.NOT_STANDBY);
        }
        assertThat(watch.everything()).anySatisfy(seen -> assertThat(seen).contains("is skipped for reads"));
        assertNoSecret();
    }

    private void see(Object... things) {
        watch.see(things);
    }

    private void seeFailure(Throwable failure) {
        watch.seeFailure(failure);
    }

    private void assertNoSecret() {
        watch.assertNoneOf(SECRETS);
    }
}
