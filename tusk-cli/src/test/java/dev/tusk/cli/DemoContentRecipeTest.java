package dev.tusk.cli;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class DemoContentRecipeTest {

    @Test
    void shouldWalkThroughTheContentRecipeAndDropItsSchema(PostgresServer server, TestDatabase database,
                                                           @TempDir Path home) {
        CliHarness.Result result = CliHarness.tusk(CliHarness.environment(database, home), "demo", "--recipe", "content");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Database: postgres@127.0.0.1:" + server.port() + "/" + database.name())
                .containsPattern("Server: +PostgreSQL \\d+")
                .contains("applied 6 migrations, schema version 6")
                .contains("refused: role 'superuser' of eve@example.org is not defined")
                .contains("page 0  2026-03-05T09:00:00Z  Release notes")
                .containsPattern("0\\.\\d{4}  Partial indexes in PostgreSQL +ada@example.org")
                .contains("postgres: [Ranking search results, Soft delete without regrets, Partial indexes in PostgreSQL]")
                .containsPattern("ada@example.org +3 +2  admin, author")
                .contains("deleted: true")
                .containsPattern("Dropped schema tusk_demo_content_\\d+_[0-9a-z]+\\.")
                .contains("Done.")
                .doesNotContain("committed 2000 rows");
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_demo_%'"))
                .isEqualTo("0");
    }

    @Test
    void shouldNameTheRecipesWhenTheValueIsUnknown(TestDatabase database, @TempDir Path home) {
        CliHarness.Result result = CliHarness.tusk(CliHarness.environment(database, home), "demo", "--recipe", "blog");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--recipe").contains("blog").containsIgnoringCase("eventstore")
                .containsIgnoringCase("content");
    }

    @Test
    void shouldListTheRecipeOptionInHelp() {
        CliHarness.Result result = CliHarness.tusk(java.util.Map.of(), "demo", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--recipe=RECIPE")
                .containsPattern("The seed application to run: EVENTSTORE,\\s+CONTENT,\\s+API\\s+\\(default:\\s+eventstore\\)");
    }
}
