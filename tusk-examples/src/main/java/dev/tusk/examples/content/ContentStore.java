package dev.tusk.examples.content;

import dev.tusk.CheckViolationException;
import dev.tusk.QueryException;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.tx.Transaction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users, posts and roles with soft delete over a {@link TuskClient}, in one PostgreSQL schema whose tables the
 * migrations under {@code db/content} create. Every query leaves out soft-deleted rows.
 */
public final class ContentStore {

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "content";

    /** The largest page {@link #publishedPosts(int, int)} and the searches return. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final TuskClient client;
    private final String schema;

    /** A store in {@link #DEFAULT_SCHEMA}. */
    public ContentStore(TuskClient client) {
        this(client, DEFAULT_SCHEMA);
    }

    /** A store in {@code schema}: lower-case letters, digits and _, so it is used in SQL without quoting. */
    public ContentStore(TuskClient client, String schema) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1 to 63 of a-z, 0-9 and _, not starting with a digit, "
                    + "but was " + (schema == null ? "null" : "'" + schema + "'"));
        }
        this.schema = schema;
    }

    /** The schema this store's tables live in. */
    public String schema() {
        return schema;
    }

    /** Creates the schema if needed and applies the migrations it has not had yet; safe to call on every start. */
    public Migration migrate() {
        MigrateResult result = flyway().migrate();
        return new Migration(result.migrationsExecuted, result.targetSchemaVersion != null
                ? result.targetSchemaVersion : result.initialSchemaVersion);
    }

    /** The Flyway set-up {@link #migrate()} uses, for callers that need more of Flyway (info, validate, a target). */
    public FluentConfiguration flywayConfiguration() {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(client.dataSource())
                .locations("classpath:db/content")
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true);
        // Flyway's default lock on PostgreSQL is transactional (pg_advisory_xact_lock), so a transaction stays open while
        // a migration runs; CREATE INDEX CONCURRENTLY waits for open transactions to end, and V4 then waits for Flyway
        // itself until statement_timeout cancels it (ContentMigrationsTest shows it). A session-level lock keeps none.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration;
    }

    private Flyway flyway() {
        return flywayConfiguration().load();
    }

    /** Defines the role {@code name} (or updates its description) and returns its id. */
    public long defineRole(String name, String description) {
        Roles.checkName(name);
        return client.queryValue("INSERT INTO " + table("roles") + " (name, description) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description RETURNING id",
                Long.class, name, description);
    }

    /**
     * Creates {@code user} with its posts and grants its roles in one transaction: if any part fails (an email a live
     * user already has, a role not defined, metadata that is not a JSON object) nothing of it is stored.
     */
    public User createUser(NewUser user) {
        Objects.requireNonNull(user, "user must not be null");
        return client.inTransaction(tx -> {
            User created = insertUser(tx, user);
            for (int i = 0; i < user.posts().size(); i++) {
                insertPost(tx, created, i + 1, user.posts().get(i));
            }
            for (String role : user.roles()) {
                long granted = tx.execute("INSERT INTO " + table("user_roles") + " (user_id, role_id) SELECT ?, id FROM "
                        + table("roles") + " WHERE name = ? ON CONFLICT DO NOTHING", created.id(), role);
                if (granted == 0 && !hasRole(tx, created.id(), role)) {
                    // Throwing rolls back the user and posts inserted above.
                    throw new IllegalArgumentException("role '" + role + "' of " + user.email()
                            + " is not defined; define it with defineRole first");
                }
            }
            return created;
        });
    }

    private User insertUser(Transaction tx, NewUser user) {
        try {
            return tx.queryOne("INSERT INTO " + table("users") + " (email, name) VALUES (?, ?) "
                    + "RETURNING id, email, name, created_at", User.class, user.email(), user.name());
        } catch (UniqueViolationException e) {
            throw new IllegalArgumentException("email '" + user.email() + "' already belongs to a live user", e);
        }
    }

    private void insertPost(Transaction tx, User author, int number, NewPost post) {
        try {
            tx.execute("INSERT INTO " + table("posts") + " (author_id, title, content, published_at, metadata) "
                    + "VALUES (?, ?, ?, ?, coalesce(?::jsonb, '{}'::jsonb))", author.id(), post.title(), post.content(),
                    post.publishedAt(), post.metadata());
        } catch (CheckViolationException e) {
            if (!"posts_metadata_is_object".equals(e.constraint())) {
                throw e;
            }
            throw new IllegalArgumentException("post " + number + " ('" + post.title() + "') of " + author.email()
                    + ": metadata must be a JSON object, but was " + shorten(post.metadata()), e);
        } catch (QueryException e) {
            if (!"22P02".equals(e.sqlState())) {
                throw e;
            }
            throw new IllegalArgumentException("post " + number + " ('" + post.title() + "') of " + author.email()
                    + ": metadata is not valid JSON: " + shorten(post.metadata()), e);
        }
    }

    private boolean hasRole(Transaction tx, long userId, String role) {
        return tx.queryValue("SELECT EXISTS (SELECT 1 FROM " + table("user_roles") + " ur JOIN " + table("roles")
                + " r ON r.id = ur.role_id WHERE ur.user_id = ? AND r.name = ?)", Boolean.class, userId, role);
    }

    /** The live user {@code id}, if there is one. */
    public Optional<User> findUser(long id) {
        return client.queryOptional("SELECT id, email, name, created_at FROM " + table("users")
                + " WHERE id = ? AND deleted_at IS NULL", User.class, id);
    }

    /** The live user with {@code email}, compared case-insensitively, if there is one. */
    public Optional<User> findUserByEmail(String email) {
        Objects.requireNonNull(email, "email must not be null");
        return client.queryOptional(SqlText.userByEmail(schema), User.class, email);
    }

    /** The names of the roles granted to user {@code userId}, in name order. */
    public List<String> rolesOf(long userId) {
        return client.query("SELECT r.name FROM " + table("user_roles") + " ur JOIN " + table("roles")
                + " r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name", String.class, userId);
    }

    /** The live posts of user {@code authorId}, drafts included, newest first. */
    public List<Post> postsBy(long authorId) {
        return client.query(SqlText.postsBy(schema), Post.class, authorId);
    }

    /**
     * Soft deletes user {@code id} and their posts in one transaction; returns false when there is no live user with
     * that id (already deleted, or never there). The email becomes free for a new user.
     */
    public boolean softDeleteUser(long id) {
        return client.inTransaction(tx -> {
            long users = tx.execute("UPDATE " + table("users") + " SET deleted_at = now(), updated_at = now() "
                    + "WHERE id = ? AND deleted_at IS NULL", id);
            if (users == 0) {
                return false;
            }
            tx.execute("UPDATE " + table("posts") + " SET deleted_at = now(), updated_at = now() "
                    + "WHERE author_id = ? AND deleted_at IS NULL", id);
            return true;
        });
    }

    /** Soft deletes post {@code id}; returns false when there is no live post with that id. */
    public boolean softDeletePost(long id) {
        return client.execute("UPDATE " + table("posts") + " SET deleted_at = now(), updated_at = now() "
                + "WHERE id = ? AND deleted_at IS NULL", id) == 1;
    }

    /** Page {@code page} (from 0) of the live published posts, newest first, {@code size} to a page. */
    public Page<Post> publishedPosts(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, but was " + page);
        }
        checkSize("page size", size);
        // One row more than the page tells whether another page follows, without a count(*).
        List<Post> rows = client.query(SqlText.feed(schema), Post.class, size + 1, (long) page * size);
        boolean hasNext = rows.size() > size;
        return new Page<>(hasNext ? rows.subList(0, size) : rows, page, size, hasNext);
    }

    /**
     * The live published posts matching {@code query} (plain words, all must match, English stemming), best
     * {@code ts_rank} first, at most {@code limit}.
     */
    public List<SearchHit> search(String query, int limit) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("search query must not be blank, but was "
                    + (query == null ? "null" : "'" + query + "'"));
        }
        checkSize("search limit", limit);
        return client.query(SqlText.search(schema), SearchHit.class, query, limit);
    }

    /** The live published posts whose metadata has {@code "key": "value"} ({@code metadata ->> key = value}). */
    public List<Post> postsWithMetadata(String key, String value) {
        Objects.requireNonNull(key, "metadata key must not be null");
        Objects.requireNonNull(value, "metadata value of key '" + key + "' must not be null");
        return client.query(SqlText.byMetadata(schema), Post.class, key, value);
    }

    /** The live published posts whose metadata tags include {@code tag} ({@code metadata -> 'tags' ? tag}). */
    public List<Post> postsTagged(String tag) {
        Objects.requireNonNull(tag, "tag must not be null");
        return client.query(SqlText.tagged(schema), Post.class, tag);
    }

    /** The live published posts whose metadata tags include any of {@code tags} ({@code ?|}). */
    public List<Post> postsTaggedAny(String... tags) {
        if (tags == null || tags.length == 0) {
            throw new IllegalArgumentException("tags must name at least one tag, but was "
                    + (tags == null ? "null" : "empty"));
        }
        return client.query(SqlText.taggedAny(schema), Post.class, (Object) tags);
    }

    /** Every live user with the number of their live posts (all and published) and their roles, in one query. */
    public List<AuthorStats> authorStats() {
        return client.query(SqlText.authorStats(schema), AuthorStats.class);
    }

    private String table(String name) {
        return schema + "." + name;
    }

    private static void checkSize(String what, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_PAGE_SIZE + ", but was " + size);
        }
    }

    private static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    /** The store and its schema, for logs. */
    @Override
    public String toString() {
        return "ContentStore[schema=" + schema + "]";
    }
}
