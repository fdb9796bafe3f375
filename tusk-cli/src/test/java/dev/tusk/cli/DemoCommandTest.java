package dev.tusk.cli;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class DemoCommandTest {

    record Result(int status, String out, String err) {
    }

    private static Result tusk(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TuskCommand.run(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void shouldRunTheEventStoreDemoAgainstTheServerInDatabaseUrl(PostgresServer server, TestDatabase database) {
        Result result = tusk(Map.of("DATABASE_URL", database.url()), "demo");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Database: postgres@127.0.0.1:" + server.port() + "/" + database.name() + " (host from DATABASE_URL)")
                .containsPattern("Server: +PostgreSQL \\d+")
                .containsPattern("3 migrations applied to schema tusk_demo_eventstore_\\d+: hook_events, "
                        + "service_sessions, event_metrics")
                .containsPattern("committed 2000 events in \\d+ ms, written by session [0-9a-f-]{36}")
                .containsPattern("github +500 +5")
                .containsPattern("slack +500 +5")
                .contains("a batch of 100 with one 60 KB document was refused before anything was sent:")
                .containsPattern("hook event at index 42 \\(id [0-9a-f-]{36}\\): metadata must be at most 51,200 "
                        + "bytes of JSON, but was 60,011 bytes")
                .contains("hook_events still holds 2000 events")
                .containsPattern("loaded 90,000 events \\([0-9.]+ MB\\) in [0-9.]+ s: [0-9,]+ rows/s")
                .containsPattern("recorded 81,000 processing metrics for them with bulkInsert in [0-9.]+ s")
                .containsPattern("read 92,000 events in [0-9.]+ s \\([0-9,]+ rows/s\\): 81,000 processed "
                        + "\\(1,800 with errors\\), 11,000 waiting; payloads average \\d+ bytes")
                .containsPattern("killed [1-9]\\d* server connections of this client mid-work")
                .containsPattern("[1-9]\\d* batches committed, 0 failed")
                .containsPattern("every acknowledged event is stored once: ([1-9]\\d*) of \\1 found")
                .contains("4 writer sessions ended; active sessions now: 1")
                .containsPattern("deleted 40,500 processed events, 40,500 metrics and 0 ended sessions in 18 chunks "
                        + "\\(largest 5,000 rows\\) in \\d+ ms")
                .containsPattern("2 writers stored [1-9][0-9,]* events meanwhile \\(0 batches failed\\)")
                .contains("6. The pool right now")
                .containsPattern("connections \\d+ of at most 10")
                .contains("7. Health")
                .contains("   Status:   HEALTHY")
                .containsPattern("   Server: +PostgreSQL \\d+\\S*, primary, up ")
                .contains("   Breaker:  CLOSED")
                .contains("8. The statements that took the most time")
                .containsPattern("\\d+ +[0-9.]+ +[0-9.]+ +[0-9.]+  DELETE FROM \"tusk_demo_eventstore_\\d+\"\\.hook_events")
                .contains("Done.");
        // Read in the demo's own database: catalogs are per database.
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_demo_%'"))
                .as("the demo's schema is dropped").isEqualTo("0");
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'tusk_demo_%' "
                + "OR tablename IN ('hook_events', 'service_sessions', 'event_metrics')")).isEqualTo("0");
    }

    @Test
    void shouldStartAnEmbeddedServerWhenNothingIsConfigured() {
        Result result = tusk(Map.of(), "demo");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("No database configured (DATABASE_URL, POSTGRES_HOST, PGHOST…): starting an embedded PostgreSQL")
                .contains("Database: an embedded PostgreSQL on port")
                .contains("Server:   PostgreSQL 17")
                .contains("committed 2000 events")
                .contains("Stopping the embedded PostgreSQL.")
                .contains("Done.");
    }

    @Test
    void shouldExplainABadDatabaseUrlWithoutShowingThePassword() {
        Result result = tusk(Map.of("DATABASE_URL", "mysql://root:hunter2@db/app"), "demo");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("tusk demo: the configuration cannot be used:").contains("DATABASE_URL")
                .doesNotContain("hunter2");
        assertThat(result.out()).doesNotContain("hunter2");
    }

    @Test
    void shouldExplainAnUnreachableServer() {
        Result result = tusk(Map.of("DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:1/app"), "demo");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("tusk demo:").containsIgnoringCase("connection").doesNotContain("hunter2");
    }

    @Test
    void shouldPrintUsageAndVersion() {
        Result help = tusk(Map.of(), "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("demo").contains("Usage: tusk");
        Result version = tusk(Map.of(), "--version");
        assertThat(version.out()).startsWith("tusk ");
    }
}
