package dev.tusk.examples.content;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class ContentDemoTest {

    @Test
    void shouldWalkThroughTheRecipeAndDropItsSchema(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE users (id int PRIMARY KEY)");
            StringWriter text = new StringWriter();

            ContentDemo.run(client, new PrintWriter(text, true));

            String out = text.toString();
            assertThat(out)
                    .containsPattern("applied 6 migrations, schema version 6")
                    .contains("refused: role 'superuser' of eve@example.org is not defined")
                    .contains("eve@example.org stored: false")
                    .containsPattern("page 0  2026-03-05T09:00:00Z  Release notes\\R.*page 0  2026-03-04T09:00:00Z  "
                            + "Ranking search results\\R.*page 1  2026-03-03T09:00:00Z  Soft delete without regrets\\R"
                            + ".*page 1  2026-03-02T09:00:00Z  Partial indexes in PostgreSQL")
                    .containsPattern("0\\.\\d{4}  Partial indexes in PostgreSQL +ada@example.org\\R +0\\.\\d{4}  "
                            + "Ranking search results +grace@example.org")
                    .contains("howto:    [Soft delete without regrets, Partial indexes in PostgreSQL]")
                    .contains("postgres: [Ranking search results, Soft delete without regrets, Partial indexes in PostgreSQL]")
                    .containsPattern("ada@example.org +3 +2  admin, author")
                    .containsPattern("grace@example.org +1 +1  author, editor")
                    .contains("deleted: true")
                    .contains("postgres: [Ranking search results]")
                    .containsPattern("ada@example.org registered again as user \\d+")
                    .containsPattern("Dropped schema tusk_demo_content_\\d+_[0-9a-z]+\\.");
            assertThat(client.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_demo_content_%'",
                    Long.class)).isZero();
            assertThat(client.tableExists("users")).as("the database's own tables are left alone").isTrue();
        }
    }
}
