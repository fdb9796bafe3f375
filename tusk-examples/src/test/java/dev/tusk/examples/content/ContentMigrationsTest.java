package dev.tusk.examples.content;

import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class ContentMigrationsTest {

    record HistoryRow(String version, String script, boolean success) {
    }

    record IndexState(String name, boolean valid, boolean ready) {
    }

    private static List<IndexState> indexStates(TuskClient client, String schema) {
        return client.query("SELECT c.relname AS name, i.indisvalid AS valid, i.indisready AS ready FROM pg_index i "
                + "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? ORDER BY c.relname", IndexState.class, schema);
    }

    @Test
    void shouldApplyEveryMigrationOnceAndRecordItInTheHistory(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = new ContentStore(client);

            assertThat(store.migrate()).isEqualTo(new Migration(6, "6"));
            assertThat(store.migrate()).as("a second start applies nothing").isEqualTo(new Migration(0, "6"));

            assertThat(client.query("SELECT version, script, success FROM content.flyway_schema_history "
                    + "WHERE version IS NOT NULL ORDER BY installed_rank", HistoryRow.class)).containsExactly(
                    new HistoryRow("1", "V1__users_posts_roles.sql", true),
                    new HistoryRow("2", "V2__post_metadata.sql", true),
                    new HistoryRow("3", "V3__validate_post_metadata.sql", true),
                    new HistoryRow("4", "V4__posts_feed_index.sql", true),
                    new HistoryRow("5", "V5__posts_search_index.sql", true),
                    new HistoryRow("6", "V6__posts_tags_index.sql", true));
        }
    }

    @Test
    void shouldLetTwoInstancesMigrateAtOnceWithOneApplyingEachScript(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url());
             ExecutorService starts = Executors.newFixedThreadPool(2)) {
            // Two service instances starting together: Flyway's session-level lock lets one apply, the other then finds
            // nothing left to do.
            Future<Migration> first = starts.submit(() -> new ContentStore(client).migrate());
            Future<Migration> second = starts.submit(() -> new ContentStore(client).migrate());

            assertThat(first.get(120, TimeUnit.SECONDS).applied() + second.get(120, TimeUnit.SECONDS).applied())
                    .isEqualTo(6);
            assertThat(client.queryValue("SELECT count(*) FROM content.flyway_schema_history "
                    + "WHERE version IS NOT NULL AND success", Long.class)).isEqualTo(6L);
        }
    }

    @Test
    void shouldBuildTheConcurrentIndexesValidBecauseTheyRunOutsideATransaction(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            new ContentStore(client).migrate();

            // PostgreSQL refuses CONCURRENTLY inside a transaction block, so V4 to V6 succeeding means Flyway honoured
            // their executeInTransaction=false; and a valid, ready index means the build finished.
            assertThat(indexStates(client, "content")).filteredOn(index -> List.of("posts_feed_idx", "posts_search_idx",
                    "posts_tags_idx").contains(index.name())).containsExactly(
                    new IndexState("posts_feed_idx", true, true),
                    new IndexState("posts_search_idx", true, true),
                    new IndexState("posts_tags_idx", true, true));
            assertThat(indexStates(client, "content")).allSatisfy(index -> assertThat(index.valid()).isTrue());
            // The control: the same statement in a transaction is refused, which is why the .conf files exist.
            assertThatThrownBy(() -> client.useTransaction(tx -> tx.execute(
                    "CREATE INDEX CONCURRENTLY posts_again_idx ON content.posts (published_at)")))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("cannot run inside a transaction block");
        }
    }

    @Test
    void shouldNeedFlywaysSessionLockForTheConcurrentIndexes(TestDatabase database) {
        TuskConfig config = TuskConfig.builder().url(database.url()).statementTimeout(Duration.ofSeconds(3)).build();
        try (TuskClient client = Tusk.connect(config)) {
            FluentConfiguration flyway = new ContentStore(client).flywayConfiguration();
            // Flyway's default: the lock holds a transaction open, which CREATE INDEX CONCURRENTLY waits for.
            flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(true);

            assertThatThrownBy(() -> flyway.load().migrate())
                    .hasMessageContaining("V4__posts_feed_index.sql")
                    .hasMessageContaining("57014")
                    .hasMessageContaining("statement timeout");
        }
    }

    @Test
    void shouldCreateTheCompositeAndPartialIndexesTheDesignLists(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            new ContentStore(client).migrate();

            List<String> definitions = client.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'content' "
                    + "ORDER BY indexname", String.class);

            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE UNIQUE INDEX users_email_live_key ON content.users USING btree (lower(email)) "
                            + "WHERE (deleted_at IS NULL)"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE INDEX posts_author_created_idx ON content.posts USING btree (author_id, created_at DESC)"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE INDEX posts_feed_idx ON content.posts USING btree (published_at DESC, id DESC) "
                            + "WHERE ((published_at IS NOT NULL) AND (deleted_at IS NULL))"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE INDEX posts_search_idx ON content.posts USING gin (search) WHERE (deleted_at IS NULL)"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE INDEX posts_tags_idx ON content.posts USING gin (((metadata -> 'tags'::text))) "
                            + "WHERE (deleted_at IS NULL)"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE UNIQUE INDEX user_roles_pkey ON content.user_roles USING btree (user_id, role_id)"));
            assertThat(definitions).anySatisfy(definition -> assertThat(definition).isEqualTo(
                    "CREATE INDEX user_roles_role_idx ON content.user_roles USING btree (role_id, user_id)"));
        }
    }

    @Test
    void shouldAddTheMetadataColumnWithoutRewritingExistingPostsAndValidateItsCheckLater(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = new ContentStore(client);
            store.flywayConfiguration().target("1").load().migrate();
            client.execute("INSERT INTO content.users (email) VALUES ('old@example.org')");
            client.execute("INSERT INTO content.posts (author_id, title, content, published_at) "
                    + "SELECT u.id, 'Old post ' || g, 'body', now() FROM content.users u, generate_series(1, 5000) g");
            long fileBefore = client.queryValue("SELECT pg_relation_filenode('content.posts')", Long.class);

            store.flywayConfiguration().target("2").load().migrate();
            // A rewrite (a volatile default, a type change) would have given the table a new file.
            assertThat(client.queryValue("SELECT pg_relation_filenode('content.posts')", Long.class)).isEqualTo(fileBefore);
            assertThat(client.queryValue("SELECT convalidated FROM pg_constraint "
                    + "WHERE conname = 'posts_metadata_is_object'", Boolean.class)).as("added NOT VALID by V2").isFalse();

            assertThat(store.migrate()).isEqualTo(new Migration(4, "6"));

            assertThat(client.queryValue("SELECT pg_relation_filenode('content.posts')", Long.class)).isEqualTo(fileBefore);
            assertThat(client.queryValue("SELECT count(*) FROM content.posts WHERE metadata = '{}'::jsonb", Long.class))
                    .isEqualTo(5000L);
            assertThat(client.queryValue("SELECT convalidated FROM pg_constraint "
                    + "WHERE conname = 'posts_metadata_is_object'", Boolean.class)).as("validated by V3").isTrue();
        }
    }

    @Test
    void shouldReplaceAnInvalidIndexLeftByAFailedConcurrentBuild(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = new ContentStore(client);
            store.flywayConfiguration().target("3").load().migrate();
            client.execute("INSERT INTO content.users (email) VALUES ('dup@example.org')");
            client.execute("INSERT INTO content.posts (author_id, title) SELECT id, 'twin' FROM content.users");
            client.execute("INSERT INTO content.posts (author_id, title) SELECT id, 'twin' FROM content.users");
            // A concurrent build that fails (here on a duplicate) leaves its index behind, INVALID, under the name V4 uses.
            assertThatThrownBy(() -> client.execute(
                    "CREATE UNIQUE INDEX CONCURRENTLY posts_feed_idx ON content.posts (author_id)"))
                    .isInstanceOf(UniqueViolationException.class);
            assertThat(indexStates(client, "content")).filteredOn(index -> index.name().equals("posts_feed_idx"))
                    .singleElement().extracting(IndexState::valid).isEqualTo(false);

            assertThat(store.migrate()).isEqualTo(new Migration(3, "6"));

            assertThat(indexStates(client, "content")).contains(new IndexState("posts_feed_idx", true, true));
            assertThat(client.queryValue("SELECT indexdef FROM pg_indexes WHERE indexname = 'posts_feed_idx'", String.class))
                    .contains("(published_at DESC, id DESC)");
        }
    }

    @Test
    void shouldKeepStoresInDifferentSchemasApart(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore first = new ContentStore(client, "blog_a");
            ContentStore second = new ContentStore(client, "blog_b");
            first.migrate();
            second.migrate();

            first.createUser(NewUser.of("ada@example.org", "Ada"));

            assertThat(first.findUserByEmail("ada@example.org")).isPresent();
            assertThat(second.findUserByEmail("ada@example.org")).isEmpty();
            assertThat(second.createUser(NewUser.of("ada@example.org", "Ada in b")).name()).isEqualTo("Ada in b");
            assertThat(client.queryValue("SELECT count(*) FROM blog_b.flyway_schema_history WHERE success", Long.class))
                    .isEqualTo(7L);
        }
    }
}
