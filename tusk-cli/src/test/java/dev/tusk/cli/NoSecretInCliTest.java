package dev.tusk.cli;

import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tusk config}, {@code tusk check} and {@code tusk bench} (working and with a wrong password) and every page
 * of {@code tusk serve}, with a distinctive password in {@code DATABASE_URL} and in {@code POSTGRES_PASSWORD} and the
 * audit log on: nothing they print, log or serve shows the password.
 */
class NoSecretInCliTest {

    private static final String PASSWORD = "pw-Cli9#leak-7734";
    private static final List<String> SECRETS = List.of(PASSWORD, "Cli9#leak", "leak-7734",
            URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    private static final Pattern SERVING = Pattern.compile("Serving: +(http://127\\.0\\.0\\.1:\\d+/)");

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("cli-secrets")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"))
                .start();
        server.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "'");
        server.execute("CREATE DATABASE app OWNER app");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, String> environment(String password, Path home) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        environment.put("TUSK_ENV", "staging");
        environment.put("TUSK_AUDIT_ENABLED", "true");
        environment.put("POSTGRES_PASSWORD", password);
        environment.put("POSTGRES_SSL_ENABLED", "false");
        environment.put("DATABASE_URL", "postgresql://app:" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@127.0.0.1:" + server.port() + "/app?sslmode=disable");
        return environment;
    }

    @Test
    void shouldKeepThePasswordOutOfConfigCheckServeAndBench(@TempDir Path home) throws Exception {
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        // slf4j-simple looks System.err up at every line, so the tee sees every log line the commands write.
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (logs) {
                    logs.write(b);
                }
                originalErr.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            CliHarness.Result config = CliHarness.tusk(environment(PASSWORD, home), "config");
            assertThat(config.status()).as(config.err()).isZero();
            assertThat(config.out()).contains("auditEnabled", "TUSK_AUDIT_ENABLED");
            seen.add(config.printed());

            CliHarness.Result check = CliHarness.tusk(environment(PASSWORD, home), "check");
            // 1 (degraded) when the check meets the audit flusher still waiting for its first connection.
            assertThat(check.status()).as(check.printed()).isIn(0, 1);
            assertThat(check.out()).contains("Server:   PostgreSQL");
            seen.add(check.printed());

            CliHarness.Result wrong = CliHarness.tusk(environment("wrong-" + PASSWORD, home), "check");
            assertThat(wrong.status()).as(wrong.printed()).isEqualTo(2);
            assertThat(wrong.printed()).contains("28P01");
            seen.add(wrong.printed());

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> TuskCommand.run(
                    environment(PASSWORD, home), new PrintWriter(out, true), new PrintWriter(err, true),
                    "serve", "--port", "0", "--for", "10s"));
            URI uri = awaitUri(out, err);
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (String path : List.of("/", "/metrics", "/health", "/pool", "/statements")) {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri.resolve(path))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).as(path).isEqualTo(200);
                    seen.add(page.body());
                }
            }
            assertThat(serving.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
            seen.add(out.toString());
            seen.add(err.toString());

            CliHarness.Result bench = CliHarness.tusk(environment(PASSWORD, home), "bench", "--seconds", "1",
                    "--rounds", "1", "--warmup-seconds", "0", "--workers", "2", "--rows", "1000");
            assertThat(bench.status()).as(bench.printed()).isZero();
            assertThat(bench.out()).contains("tusk/raw per round:", "Dropped schema tusk_bench_");
            seen.add(bench.printed());

            CliHarness.Result benchWrong = CliHarness.tusk(environment("wrong-" + PASSWORD, home), "bench");
            assertThat(benchWrong.status()).as(benchWrong.printed()).isEqualTo(1);
            assertThat(benchWrong.err()).contains("tusk bench:");
            seen.add(benchWrong.printed());
        } finally {
            System.setErr(originalErr);
        }
        synchronized (logs) {
            seen.add(logs.toString(StandardCharsets.UTF_8));
        }
        assertThat(String.join("\n", seen)).contains("dev.tusk.audit", "tusk_audit_events_total");
        assertThat(query("SELECT count(*) > 0 FROM tusk_audit")).isEqualTo("t");
        seen.add(query("SELECT string_agg(t::text, ' ') FROM tusk_audit t"));
        for (String text : seen) {
            for (String secret : SECRETS) {
                assertThat(text).as("output that must not show the password").doesNotContain(secret);
            }
        }
    }

    private static String query(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = server.connect("app");
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static URI awaitUri(StringWriter out, StringWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = SERVING.matcher(out.toString());
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("tusk serve printed no URL; out:\n" + out + "\nerr:\n" + err);
    }
}
