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
    void shouldRunTheDemoAgainstTheServerInDatabaseUrl(PostgresServer server, TestDatabase database) {
        Result result = tusk(Map.of("DATABASE_URL", database.url()), "demo");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Database: postgres@127.0.0.1:" + server.port() + "/" + database.name() + " (host from DATABASE_URL)")
                .containsPattern("Server: +PostgreSQL \\d+")
                .contains("committed 2000 rows")
                .containsPattern("south +500 +24950.00")
                .contains("read 500,000 rows")
                .containsPattern("loaded 500,000 rows \\([0-9.]+ MB\\) in [0-9.]+ s: [0-9,]+ rows/s")
                .containsPattern("read them back as typed rows in [0-9.]+ s")
                .containsPattern("killed [1-9]\\d* server connections of this client mid-work")
                .containsPattern("[1-9]\\d* transfers committed, 0 failed")
                .contains("the 20 balances still add up to 20000 (expected 20000)")
                .contains("7. The statements that took the most time")
                .containsPattern("\\d+ +[0-9.]+ +[0-9.]+ +[0-9.]+  UPDATE tusk_demo_accounts_\\d+ SET balance = balance [-+] \\? WHERE id = \\?")
                .containsPattern("connections \\d+ of at most 10")
                .contains("6. Health")
                .contains("   Status:   HEALTHY")
                .containsPattern("   Server: +PostgreSQL \\d+\\S*, primary, up ")
                .contains("   Breaker:  CLOSED")
                .contains("Done.");
        assertThat(server.queryString("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'tusk_demo_%'")).isEqualTo("0");
    }

    @Test
    void shouldStartAnEmbeddedServerWhenNothingIsConfigured() {
        Result result = tusk(Map.of(), "demo");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("No database configured (DATABASE_URL, POSTGRES_HOST, PGHOST…): starting an embedded PostgreSQL")
                .contains("Database: an embedded PostgreSQL on port")
                .contains("Server:   PostgreSQL 17")
                .contains("committed 2000 rows")
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
