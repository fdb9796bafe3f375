package dev.tusk.examples.content;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's queries against tables large enough (5,000 users, 100,000 posts) that the planner prefers an index
 * wherever one serves: each plan must name the index written for its query. Only the index names are asserted, not
 * costs or timings.
 */
@WithPostgres
class ContentIndexUsageTest {

    private static final String SCHEMA = "content";

    private static String plan(TuskClient client, String sql, Object... parameters) {
        return String.join("\n", client.query("EXPLAIN " + sql, String.class, parameters));
    }

    private static void load(TuskClient client) {
        client.execute("INSERT INTO content.users (email, name) "
                + "SELECT 'user' || g || '@example.org', 'User ' || g FROM generate_series(1, 5000) g");
        // Every tenth post a draft, every twentieth deleted; 'zeppelin' and the tag "rare" in one post in a thousand.
        client.execute("INSERT INTO content.posts (author_id, title, content, published_at, metadata, deleted_at) "
                + "SELECT 1 + g % 5000, 'Post ' || g, "
                + "CASE WHEN g % 1000 = 7 THEN 'a zeppelin over the harbour' ELSE 'ordinary words about things' END, "
                + "CASE WHEN g % 10 = 0 THEN NULL ELSE timestamptz '2026-01-01' + g * interval '1 minute' END, "
                + "jsonb_build_object('category', CASE WHEN g % 2 = 0 THEN 'howto' ELSE 'news' END, "
                + "'tags', CASE WHEN g % 1000 = 1 THEN '[\"rare\"]'::jsonb ELSE '[\"common\"]'::jsonb END), "
                + "CASE WHEN g % 20 = 0 THEN now() END FROM generate_series(1, 100000) g");
        client.execute("ANALYZE content.users");
        client.execute("ANALYZE content.posts");
    }

    @Test
    void shouldServeEachQueryFromTheIndexWrittenForIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = new ContentStore(client);
            store.migrate();
            load(client);
            SoftAssertions softly = new SoftAssertions();

            softly.assertThat(plan(client, SqlText.feed(SCHEMA), 21, 0L)).as("feed").contains("posts_feed_idx");
            softly.assertThat(plan(client, SqlText.feed(SCHEMA), 21, 2_000L)).as("feed, page 100")
                    .contains("posts_feed_idx").doesNotContain("Sort");
            softly.assertThat(plan(client, SqlText.postsBy(SCHEMA), 42L)).as("an author's posts")
                    .contains("posts_author_created_idx");
            softly.assertThat(plan(client, SqlText.search(SCHEMA), "zeppelin", 10)).as("search")
                    .contains("posts_search_idx");
            softly.assertThat(plan(client, SqlText.tagged(SCHEMA), "rare")).as("tagged ?").contains("posts_tags_idx");
            softly.assertThat(plan(client, SqlText.taggedAny(SCHEMA), (Object) new String[] {"rare", "scarce"}))
                    .as("tagged ?|").contains("posts_tags_idx");
            softly.assertThat(plan(client, SqlText.userByEmail(SCHEMA), "user7@example.org")).as("user by email").contains("users_email_live_key");
            softly.assertAll();

            // And the queries give what the data holds: posts 7, 1007, … mention zeppelins, 1, 1001, … are tagged rare.
            assertThat(store.search("zeppelin", 100)).hasSize(100);
            assertThat(store.postsTagged("rare")).hasSize(100);
        }
    }
}
