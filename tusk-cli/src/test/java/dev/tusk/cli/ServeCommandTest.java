package dev.tusk.cli;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tusk serve} against a real server: it prints where it listens, serves every endpoint, and stops by itself. */
@WithPostgres
class ServeCommandTest {

    private static final Pattern SERVING = Pattern.compile("Serving: +(http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void shouldServeTheConfiguredDatabaseUntilItsTimeIsUp(PostgresServer server, TestDatabase database) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> TuskCommand.run(
                Map.of("DATABASE_URL", database.url()), new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--port", "0", "--for", "4s"));

        URI uri = awaitUri(out, err);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> pool = http.send(HttpRequest.newBuilder(uri.resolve("/pool")).build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> statements = http.send(HttpRequest.newBuilder(uri.resolve("/statements")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).containsPattern("\"status\":\"(HEALTHY|DEGRADED)\"");
        assertThat(statements.statusCode()).isEqualTo(200);
        assertThat(statements.body()).startsWith("{\"tracked\":").contains("\"recentSlow\":[");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Tusk</title>");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("db_client_connections_max{pool_name=\"127.0.0.1:" + server.port() + "/"
                + database.name() + "\"} 10");
        assertThat(pool.body()).contains("\"maximum\":10");
        assertThat(status.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Database: postgres@127.0.0.1:" + server.port(), "Stopped.");
        String password = server.superuserPassword();
        if (password != null && !password.isEmpty()) {
            assertThat(out.toString() + err + metrics.body() + pool.body() + health.body() + statements.body())
                    .doesNotContain(password);
        }
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = TuskCommand.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                "serve", "--port", "70000");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be between 0 and 65535, but was 70000");
    }

    @Test
    void shouldRefuseADurationItCannotRead() {
        StringWriter err = new StringWriter();

        int status = TuskCommand.run(Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "serve", "--for", "soon");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("a duration such as 500ms, 30s, 5m or 1h was expected, but was 'soon'");
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
