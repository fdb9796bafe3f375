package dev.tusk.examples.content;

import dev.tusk.TuskClient;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A short walkthrough of the content schema recipe, as {@code tusk demo --recipe content} prints it: migrate, create
 * users with posts and roles, page the feed, search, query metadata, aggregate, soft delete. It works in a schema of
 * its own, named for the run, and drops it at the end, so it can run against a database that holds other data.
 */
public final class ContentDemo {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    private ContentDemo() {
    }

    /** Runs the walkthrough on {@code client}, printing to {@code out}; the schema it creates is dropped afterwards. */
    public static void run(TuskClient client, PrintWriter out) {
        String schema = "tusk_demo_content_" + ProcessHandle.current().pid() + "_"
                + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        ContentStore store = new ContentStore(client, schema);
        try {
            walkthrough(store, out);
        } finally {
            client.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            out.println();
            out.println("Dropped schema " + schema + ".");
            out.flush();
        }
    }

    private static void walkthrough(ContentStore store, PrintWriter out) {
        step(out, "1. Migrations: Flyway applies db/content to schema " + store.schema());
        Migration migration = store.migrate();
        out.printf("   applied %d migrations, schema version %s (indexes built CONCURRENTLY, outside a transaction)%n",
                migration.applied(), migration.schemaVersion());

        step(out, "2. Users with their posts and roles, each in one transaction");
        store.defineRole("author", "writes posts");
        store.defineRole("editor", "publishes posts");
        store.defineRole("admin", "manages users");
        User ada = store.createUser(NewUser.of("ada@example.org", "Ada").withRoles("author", "admin").withPosts(
                NewPost.published("Partial indexes in PostgreSQL", "Index only the rows a query reads", at(1))
                        .withMetadata("{\"category\": \"howto\", \"tags\": [\"postgres\", \"indexes\"]}"),
                NewPost.published("Soft delete without regrets", "Keep rows, hide them from queries", at(2))
                        .withMetadata("{\"category\": \"howto\", \"tags\": [\"postgres\"]}"),
                NewPost.draft("Notes for later", "not yet")));
        User grace = store.createUser(NewUser.of("grace@example.org", "Grace").withRoles("author", "editor").withPosts(
                NewPost.published("Ranking search results", "ts_rank weighs title words above body words; a GIN index finds them", at(3))
                        .withMetadata("{\"category\": \"search\", \"tags\": [\"postgres\", \"search\"]}")));
        User linus = store.createUser(NewUser.of("linus@example.org", "Linus").withRoles("author").withPosts(
                NewPost.published("Release notes", "What changed in this release", at(4))
                        .withMetadata("{\"category\": \"news\", \"tags\": [\"release\"]}")));
        out.printf("   created %s (%d), %s (%d), %s (%d)%n", ada.email(), ada.id(), grace.email(), grace.id(),
                linus.email(), linus.id());
        try {
            store.createUser(NewUser.of("eve@example.org", "Eve").withRoles("author", "superuser")
                    .withPosts(NewPost.draft("Never stored", null)));
        } catch (IllegalArgumentException e) {
            out.println("   refused: " + e.getMessage());
        }
        out.printf("   eve@example.org stored: %s (the user and post inserted before the bad role were rolled back)%n",
                store.findUserByEmail("eve@example.org").isPresent());

        step(out, "3. The feed: published posts, newest first, 2 to a page");
        printFeed(store, out);

        step(out, "4. Full-text search for \"index\", ranked by ts_rank (title words weigh more)");
        for (SearchHit hit : store.search("index", 10)) {
            out.printf(Locale.ROOT, "   %.4f  %-32s %s%n", hit.rank(), hit.title(), hit.authorEmail());
        }

        step(out, "5. JSONB metadata: category ->> 'howto', and tags ? 'postgres' (written ?? in SQL)");
        out.println("   howto:    " + titles(store.postsWithMetadata("category", "howto")));
        out.println("   postgres: " + titles(store.postsTagged("postgres")));

        step(out, "6. Posts and roles per user, in one query");
        printStats(store, out);

        step(out, "7. Soft delete " + ada.email() + ": the rows stay, every query leaves them out");
        out.println("   deleted: " + store.softDeleteUser(ada.id()));
        printStats(store, out);
        out.println("   postgres: " + titles(store.postsTagged("postgres")));
        User again = store.createUser(NewUser.of("ada@example.org", "Ada, returning"));
        out.printf("   %s registered again as user %d: the unique email index covers live users only%n",
                again.email(), again.id());
    }

    private static void printFeed(ContentStore store, PrintWriter out) {
        for (int number = 0; ; number++) {
            Page<Post> page = store.publishedPosts(number, 2);
            for (Post post : page.items()) {
                out.printf("   page %d  %s  %s%n", number, post.publishedAt(), post.title());
            }
            if (!page.hasNext()) {
                return;
            }
        }
    }

    private static void printStats(ContentStore store, PrintWriter out) {
        out.printf("   %-20s %5s %9s  %s%n", "user", "posts", "published", "roles");
        for (AuthorStats stats : store.authorStats()) {
            out.printf("   %-20s %5d %9d  %s%n", stats.email(), stats.posts(), stats.publishedPosts(),
                    String.join(", ", stats.roles()));
        }
    }

    private static String titles(List<Post> posts) {
        return posts.stream().map(Post::title).toList().toString();
    }

    private static Instant at(int day) {
        return START.plusSeconds(86_400L * day);
    }

    private static void step(PrintWriter out, String title) {
        out.println();
        out.println(title);
        out.flush();
    }
}
