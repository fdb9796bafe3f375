package dev.tusk.security;

import dev.tusk.CopyException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.UniqueViolationException;
import dev.tusk.batch.BatchOptions;
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

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

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

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Handler julCapture;

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
        // slf4j-simple looks System.err up at every line, so a tee sees every Tusk, Hikari and harness log line.
        originalErr = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                stderr.write(b);
                originalErr.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stderr.write(bytes, offset, length);
                originalErr.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        // PgJDBC logs through java.util.logging, at its default level.
        julCapture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getLevel() + " " + record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
                if (record.getThrown() != null) {
                    seeFailure(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(julCapture);
    }

    @AfterEach
    void restoreLogs() {
        System.setErr(originalErr);
        java.util.logging.Logger.getLogger("").removeHandler(julCapture);
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
                        .queryValue(Integer.class, "SELECT length(?) FROM pg_sleep(5)", VALUE))
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
                        Sql.of("INSERT INTO secret VALUES (?, 5)", VALUE)), BatchOptions.DEFAULT))
                        .isInstanceOf(TuskException.class).actual());
                // A slow statement with the value as a parameter: the slow-query log shows its normalized SQL only.
                assertThat(client.queryValue(Integer.class, "SELECT length(?) FROM pg_sleep(0.01)", VALUE)).isEqualTo(22);
                assertThat(client.queryValue(Integer.class, "SELECT count(*)::int FROM secret WHERE token = '"
                        + VALUE + "'")).isEqualTo(1);

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
                seeFailure(assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1"))
                        .isInstanceOf(TuskException.class).actual());
                see(client.health(Duration.ZERO), client.health(Duration.ZERO).toJson(), client.poolStats());
            } catch (TuskException e) {
                seeFailure(e);
            }
        }
        assertThat(seen).anySatisfy(line -> assertThat(line).contains("28P01"));
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
                seeFailure(assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT length(?)", VALUE))
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

    private void see(Object... things) {
        for (Object thing : things) {
            seen.add(String.valueOf(thing));
        }
    }

    private void seeFailure(Throwable failure) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable next = pending.removeLast();
            if (next == null || !visited.add(next)) {
                continue;
            }
            seen.add(next.toString());
            seen.add(String.valueOf(next.getLocalizedMessage()));
            java.io.StringWriter trace = new java.io.StringWriter();
            next.printStackTrace(new java.io.PrintWriter(trace));
            seen.add(trace.toString());
            pending.add(next.getCause());
            pending.addAll(List.of(next.getSuppressed()));
        }
    }

    private void assertNoSecret() {
        System.err.flush();
        List<String> everything = new ArrayList<>(seen);
        everything.add(stderr.toString(StandardCharsets.UTF_8));
        assertThat(everything).isNotEmpty();
        for (String text : everything) {
            for (String secret : SECRETS) {
                assertThat(text).as("output that must not show a secret").doesNotContain(secret);
            }
        }
    }
}
