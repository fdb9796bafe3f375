package dev.tusk.examples.api;

import dev.tusk.TuskClient;
import org.flywaydb.core.api.output.MigrateResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code tusk demo --recipe api}: the read-only API at work on a client. Migrates a schema unique to the run, loads
 * the sample data, serves it on a free loopback port, prints a few requests and their answers and the health report,
 * shuts the server down gracefully and drops the schema.
 */
public final class ApiDemo {

    private static final int SHOWN_CHARACTERS = 300;

    private ApiDemo() {
    }

    /** Runs the demo on {@code client} (which stays open), printing to {@code out}. */
    public static void run(TuskClient client, PrintWriter out) {
        String schema = "tusk_api_demo_" + ProcessHandle.current().pid();
        try {
            step(out, "1. Migrate: Flyway creates the jurisdiction and code_adoption tables in schema " + schema);
            MigrateResult migrated = ApiSchema.migrate(client.dataSource(), schema);
            out.printf("   %d migration(s) applied, schema now at version %s%n", migrated.migrationsExecuted,
                    migrated.targetSchemaVersion);
            SampleData.load(client, schema);
            out.printf("   loaded %d sample jurisdictions and %d code adoptions%n", SampleData.JURISDICTIONS.size(),
                    SampleData.ADOPTIONS.size());

            ApiServer server = ApiServer.start(client, ApiSettings.defaults().withPort(0).withSchema(schema));
            step(out, "2. Serve: " + server.uri() + " on virtual threads; reads go through client.readOnly() to "
                    + (client.config().readReplicas().isEmpty() ? "the primary (no read replicas configured)"
                    : client.config().readReplicas().size() + " read replica(s)"));
            try {
                requests(server.uri(), out);
            } finally {
                step(out, "4. Shut down gracefully: stop accepting, drain the requests in flight, then stop");
                ApiServer.DrainResult drain = server.shutdown(Duration.ofSeconds(5));
                out.printf("   %d request(s) were in flight, %d still running; stopped in %d ms%n",
                        drain.inFlightAtStart(), drain.stillRunning(), drain.elapsed().toMillis());
            }
        } finally {
            client.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            out.println("   dropped schema " + schema);
            out.flush();
        }
    }

    private static void requests(URI base, PrintWriter out) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (String path : List.of("/jurisdictions?type=city&limit=3", "/jurisdictions/us-wa",
                    "/adoptions?code_family=IBC&as_of=2024-06-01", "/jurisdictions?limit=many",
                    "/diagnostics/read-server")) {
                HttpResponse<String> response = get(http, base.resolve(path));
                out.printf("   GET %s -> %d%n      %s%n", path, response.statusCode(), shorten(response.body()));
            }
            step(out, "3. Health: GET /health is client.health() with the pool's figures; 503 only when unhealthy");
            HttpResponse<String> health = get(http, base.resolve("/health"));
            String body = health.body().strip();
            int report = body.indexOf(",\"health\":");
            out.printf("   GET /health -> %d%n      %s%n", health.statusCode(),
                    shorten(report < 0 ? body : body.substring(0, report) + ", \"health\": {…}}"));
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }

    private static String shorten(String body) {
        String line = body.strip();
        return line.length() <= SHOWN_CHARACTERS ? line : line.substring(0, SHOWN_CHARACTERS) + "…";
    }

    private static void step(PrintWriter out, String title) {
        out.println();
        out.println(title);
        out.flush();
    }
}
