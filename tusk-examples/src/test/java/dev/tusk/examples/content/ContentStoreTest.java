package dev.tusk.examples.content;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class ContentStoreTest {

    private static final Instant DAY_ONE = Instant.parse("2026-03-01T09:00:00Z");

    private static ContentStore migrated(TuskClient client) {
        ContentStore store = new ContentStore(client);
        store.migrate();
        store.defineRole("author", "writes posts");
        store.defineRole("editor", "publishes posts");
        store.defineRole("admin", "manages users");
        return store;
    }

    private static long count(TuskClient client, String sql) {
        return client.queryValue(sql, Long.class);
    }

    @Test
    void shouldCreateAUserWithPostsAndRolesInOneTransaction(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);

            User ada = store.createUser(NewUser.of("ada@example.org", "Ada")
                    .withPosts(NewPost.published("Notes on the engine", "The engine weaves patterns", DAY_ONE),
                            NewPost.draft("Unfinished", null))
                    .withRoles("author", "editor"));

            assertThat(ada.id()).isPositive();
            assertThat(ada.email()).isEqualTo("ada@example.org");
            assertThat(ada.name()).isEqualTo("Ada");
            assertThat(ada.createdAt()).isNotNull();
            assertThat(store.findUser(ada.id())).contains(ada);
            assertThat(store.findUserByEmail("ADA@example.org")).contains(ada);
            assertThat(store.rolesOf(ada.id())).containsExactly("author", "editor");
            List<Post> posts = store.postsBy(ada.id());
            assertThat(posts).extracting(Post::title).containsExactlyInAnyOrder("Notes on the engine", "Unfinished");
            assertThat(posts).allSatisfy(post -> {
                assertThat(post.authorId()).isEqualTo(ada.id());
                assertThat(post.metadata()).isEqualTo("{}");
            });
            assertThat(posts).filteredOn(post -> post.title().equals("Notes on the engine"))
                    .extracting(Post::publishedAt).containsExactly(DAY_ONE);
        }
    }

    @Test
    void shouldStoreNothingWhenARoleHalfwayThroughIsUndefined(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);

            // The user and both posts are inserted before the unknown role is reached.
            assertThatThrownBy(() -> store.createUser(NewUser.of("grace@example.org", "Grace")
                    .withPosts(NewPost.published("One", "first", DAY_ONE), NewPost.published("Two", "second", DAY_ONE))
                    .withRoles("author", "wizard")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("role 'wizard' of grace@example.org is not defined; define it with defineRole first");

            assertThat(count(client, "SELECT count(*) FROM content.users")).isZero();
            assertThat(count(client, "SELECT count(*) FROM content.posts")).isZero();
            assertThat(count(client, "SELECT count(*) FROM content.user_roles")).isZero();
        }
    }

    @Test
    void shouldStoreNothingWhenTheServerRefusesTheSecondPost(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);

            // posts_metadata_is_object is the server's rule; the user and the first post are already in.
            assertThatThrownBy(() -> store.createUser(NewUser.of("linus@example.org", null)
                    .withPosts(NewPost.draft("Fine", null), NewPost.draft("Tagged wrong", null).withMetadata("[1, 2]"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("post 2 ('Tagged wrong') of linus@example.org: metadata must be a JSON object, "
                            + "but was [1, 2]");
            assertThatThrownBy(() -> store.createUser(NewUser.of("linus@example.org", null)
                    .withPosts(NewPost.draft("Fine", null), NewPost.draft("Broken", null).withMetadata("{nope"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("post 2 ('Broken') of linus@example.org: metadata is not valid JSON: {nope");

            assertThat(count(client, "SELECT count(*) FROM content.users")).isZero();
            assertThat(count(client, "SELECT count(*) FROM content.posts")).isZero();
        }
    }

    @Test
    void shouldRefuseADuplicateEmailOfALiveUserButAllowItAfterSoftDelete(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            User first = store.createUser(NewUser.of("ada@example.org", "Ada"));

            assertThatThrownBy(() -> store.createUser(NewUser.of("Ada@Example.org", "Impostor")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("email 'Ada@Example.org' already belongs to a live user");

            assertThat(store.softDeleteUser(first.id())).isTrue();
            User second = store.createUser(NewUser.of("Ada@Example.org", "Ada again"));
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(store.findUserByEmail("ada@example.org")).contains(second);
        }
    }

    @Test
    void shouldHideSoftDeletedUsersAndTheirPostsFromEveryQuery(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            User ada = store.createUser(NewUser.of("ada@example.org", "Ada").withRoles("author")
                    .withPosts(NewPost.published("Engines and looms", "weaving numbers", DAY_ONE)
                            .withMetadata("{\"category\": \"history\", \"tags\": [\"engines\"]}")));
            User grace = store.createUser(NewUser.of("grace@example.org", "Grace").withRoles("author")
                    .withPosts(NewPost.published("Compilers and looms", "weaving code", DAY_ONE.plusSeconds(60))
                            .withMetadata("{\"category\": \"history\", \"tags\": [\"compilers\", \"engines\"]}")));

            assertThat(store.softDeleteUser(ada.id())).isTrue();
            assertThat(store.softDeleteUser(ada.id())).as("already deleted").isFalse();
            assertThat(store.softDeleteUser(999_999)).as("never there").isFalse();

            assertThat(store.findUser(ada.id())).isEmpty();
            assertThat(store.findUserByEmail("ada@example.org")).isEmpty();
            assertThat(store.postsBy(ada.id())).isEmpty();
            assertThat(store.publishedPosts(0, 10).items()).extracting(Post::authorId).containsExactly(grace.id());
            assertThat(store.search("looms", 10)).extracting(SearchHit::authorEmail).containsExactly("grace@example.org");
            assertThat(store.postsWithMetadata("category", "history")).extracting(Post::authorId)
                    .containsExactly(grace.id());
            assertThat(store.postsTagged("engines")).extracting(Post::authorId).containsExactly(grace.id());
            assertThat(store.authorStats()).extracting(AuthorStats::email).containsExactly("grace@example.org");
            // The rows are kept: soft delete marks them.
            assertThat(count(client, "SELECT count(*) FROM content.posts WHERE deleted_at IS NOT NULL")).isEqualTo(1);
            assertThat(count(client, "SELECT count(*) FROM content.users WHERE deleted_at IS NOT NULL")).isEqualTo(1);
        }
    }

    @Test
    void shouldSoftDeleteOnePost(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            User ada = store.createUser(NewUser.of("ada@example.org", "Ada").withPosts(
                    NewPost.published("Keep", "kept", DAY_ONE), NewPost.published("Drop", "dropped", DAY_ONE)));
            long drop = store.postsBy(ada.id()).stream().filter(p -> p.title().equals("Drop")).findFirst().orElseThrow().id();

            assertThat(store.softDeletePost(drop)).isTrue();
            assertThat(store.softDeletePost(drop)).isFalse();

            assertThat(store.postsBy(ada.id())).extracting(Post::title).containsExactly("Keep");
            assertThat(store.findUser(ada.id())).isPresent();
            assertThat(store.authorStats()).singleElement().extracting(AuthorStats::posts).isEqualTo(1L);
        }
    }

    @Test
    void shouldPageThePublishedPostsNewestFirst(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            NewUser writer = NewUser.of("writer@example.org", "Writer").withPosts(NewPost.draft("Draft", "not yet"));
            for (int day = 0; day < 7; day++) {
                writer = writer.withPosts(NewPost.published("Day " + day, "entry", DAY_ONE.plusSeconds(86_400L * day)));
            }
            store.createUser(writer);

            Page<Post> first = store.publishedPosts(0, 3);
            Page<Post> second = store.publishedPosts(1, 3);
            Page<Post> last = store.publishedPosts(2, 3);
            Page<Post> beyond = store.publishedPosts(3, 3);

            assertThat(first.items()).extracting(Post::title).containsExactly("Day 6", "Day 5", "Day 4");
            assertThat(first.hasNext()).isTrue();
            assertThat(second.items()).extracting(Post::title).containsExactly("Day 3", "Day 2", "Day 1");
            assertThat(second.number()).isEqualTo(1);
            assertThat(last.items()).extracting(Post::title).containsExactly("Day 0");
            assertThat(last.hasNext()).isFalse();
            assertThat(beyond.items()).isEmpty();
        }
    }

    @Test
    void shouldRankTitleMatchesAboveBodyMatches(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            store.createUser(NewUser.of("ada@example.org", "Ada").withPosts(
                    NewPost.published("Gardening", "Tomatoes need sun; this post mentions indexes once", DAY_ONE),
                    NewPost.published("Indexing PostgreSQL tables", "Partial indexes skip rows", DAY_ONE),
                    NewPost.published("Cooking", "Nothing about the topic", DAY_ONE),
                    NewPost.draft("Indexes draft", "indexes indexes")));

            List<SearchHit> hits = store.search("indexes", 10);

            // English stemming makes "indexing" and "indexes" match; title words (weight A) rank above body words.
            assertThat(hits).extracting(SearchHit::title).containsExactly("Indexing PostgreSQL tables", "Gardening");
            assertThat(hits.get(0).rank()).isGreaterThan(hits.get(1).rank());
            assertThat(hits).allSatisfy(hit -> assertThat(hit.authorEmail()).isEqualTo("ada@example.org"));
            assertThat(store.search("indexes", 1)).extracting(SearchHit::title).containsExactly("Indexing PostgreSQL tables");
            assertThat(store.search("submarine", 10)).isEmpty();
        }
    }

    @Test
    void shouldQueryMetadataWithArrowAndTheQuestionMarkOperators(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            store.createUser(NewUser.of("ada@example.org", "Ada").withPosts(
                    NewPost.published("SQL tips", "a", DAY_ONE)
                            .withMetadata("{\"category\": \"howto\", \"tags\": [\"sql\", \"postgres\"]}"),
                    NewPost.published("Java tips", "b", DAY_ONE.plusSeconds(1))
                            .withMetadata("{\"category\": \"howto\", \"tags\": [\"java\"]}"),
                    NewPost.published("Release notes", "c", DAY_ONE.plusSeconds(2))
                            .withMetadata("{\"category\": \"news\", \"tags\": [\"postgres\"]}"),
                    NewPost.published("Untagged", "d", DAY_ONE.plusSeconds(3)),
                    NewPost.draft("Draft", "e").withMetadata("{\"category\": \"howto\", \"tags\": [\"sql\"]}")));

            assertThat(store.postsWithMetadata("category", "howto")).extracting(Post::title)
                    .containsExactly("Java tips", "SQL tips");
            assertThat(store.postsWithMetadata("category", "gossip")).isEmpty();
            assertThat(store.postsTagged("postgres")).extracting(Post::title).containsExactly("Release notes", "SQL tips");
            assertThat(store.postsTagged("category")).as("? looks at array elements, not at keys elsewhere").isEmpty();
            assertThat(store.postsTaggedAny("java", "sql")).extracting(Post::title).containsExactly("Java tips", "SQL tips");
            // The server's normal form of the stored object.
            assertThat(store.postsTagged("java")).singleElement().extracting(Post::metadata)
                    .isEqualTo("{\"tags\": [\"java\"], \"category\": \"howto\"}");
        }
    }

    @Test
    void shouldCountPostsAndRolesPerUserInOneQueryWithoutFanOut(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            User ada = store.createUser(NewUser.of("ada@example.org", "Ada").withRoles("editor", "author", "admin")
                    .withPosts(NewPost.published("A", "a", DAY_ONE), NewPost.published("B", "b", DAY_ONE),
                            NewPost.draft("C", "c")));
            User grace = store.createUser(NewUser.of("grace@example.org", "Grace").withRoles("author")
                    .withPosts(NewPost.published("D", "d", DAY_ONE)));
            User reader = store.createUser(NewUser.of("reader@example.org", null));

            // Three posts and three roles: a plain join of both would count nine.
            assertThat(store.authorStats()).containsExactly(
                    new AuthorStats(ada.id(), "ada@example.org", 3, 2, List.of("admin", "author", "editor")),
                    new AuthorStats(grace.id(), "grace@example.org", 1, 1, List.of("author")),
                    new AuthorStats(reader.id(), "reader@example.org", 0, 0, List.of()));
        }
    }

    @Test
    void shouldRedefineARoleWithoutDuplicatingIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);
            long id = store.defineRole("author", "writes posts and pages");

            assertThat(store.defineRole("author", "writes posts and pages")).isEqualTo(id);
            assertThat(client.queryValue("SELECT description FROM content.roles WHERE name = 'author'", String.class))
                    .isEqualTo("writes posts and pages");
            assertThat(count(client, "SELECT count(*) FROM content.roles")).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseBadInputNamingTheFieldAndValue(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            ContentStore store = migrated(client);

            assertThatThrownBy(() -> NewUser.of("not-an-email", "X")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("email must look like name@domain (at most 254 characters), but was 'not-an-email'");
            assertThatThrownBy(() -> NewUser.of(null, "X")).hasMessageContaining("email").hasMessageEndingWith("null");
            assertThatThrownBy(() -> NewUser.of("a@b.org", "n".repeat(101)))
                    .hasMessage("name of a@b.org must be at most 100 characters, but was 101");
            assertThatThrownBy(() -> NewUser.of("a@b.org", "A").withRoles("Bad Role"))
                    .hasMessageContaining("role name must be").hasMessageEndingWith("but was 'Bad Role'");
            assertThatThrownBy(() -> NewPost.draft(" ", "x")).hasMessage("post title must not be blank, but was ' '");
            assertThatThrownBy(() -> NewPost.draft("t".repeat(201), "x"))
                    .hasMessageStartingWith("post title must be at most 200 characters, but was 201");
            assertThatThrownBy(() -> NewPost.published("Title", "x", null))
                    .hasMessage("publishedAt of post 'Title' must not be null; use draft(…)");
            assertThatThrownBy(() -> store.defineRole("", "x")).hasMessageEndingWith("but was ''");
            assertThatThrownBy(() -> store.publishedPosts(-1, 10)).hasMessage("page must be 0 or more, but was -1");
            assertThatThrownBy(() -> store.publishedPosts(0, 0))
                    .hasMessage("page size must be between 1 and 100, but was 0");
            assertThatThrownBy(() -> store.publishedPosts(0, 101))
                    .hasMessage("page size must be between 1 and 100, but was 101");
            assertThatThrownBy(() -> store.search("  ", 10)).hasMessage("search query must not be blank, but was '  '");
            assertThatThrownBy(() -> store.search("x", 1000))
                    .hasMessage("search limit must be between 1 and 100, but was 1000");
            assertThatThrownBy(() -> store.search(null, 10)).hasMessage("search query must not be blank, but was null");
            assertThatThrownBy(() -> store.postsWithMetadata(null, "x")).hasMessage("metadata key must not be null");
            assertThatThrownBy(() -> store.postsWithMetadata("category", null))
                    .hasMessage("metadata value of key 'category' must not be null");
            assertThatThrownBy(() -> store.postsTagged(null)).hasMessage("tag must not be null");
            assertThatThrownBy(() -> store.createUser(null)).hasMessage("user must not be null");
            assertThatThrownBy(() -> NewUser.of("a@b.org", "A").withPosts((NewPost) null))
                    .hasMessageStartingWith("posts of a@b.org must be a list without nulls");
            assertThatThrownBy(() -> store.postsTaggedAny()).hasMessage("tags must name at least one tag, but was empty");
            assertThatThrownBy(() -> new ContentStore(client, "Content; DROP TABLE x"))
                    .hasMessageEndingWith("but was 'Content; DROP TABLE x'");
            assertThat(count(client, "SELECT count(*) FROM content.users")).isZero();
        }
    }
}
