package dev.tusk.examples.content;

/**
 * The SQL of the store's read queries, kept apart so that tests can EXPLAIN exactly what the store runs. Each names the
 * index it is written for; the filters repeat the partial indexes' predicates so the planner can use them.
 */
final class SqlText {

    private static final String POST_COLUMNS =
            "p.id, p.author_id, p.title, p.content, p.published_at, p.created_at, p.metadata";

    private SqlText() {
    }

    /** A live user by email, case-insensitively: users_email_live_key, unique on lower(email) for live users. */
    static String userByEmail(String schema) {
        return "SELECT id, email, name, created_at FROM " + schema + ".users"
                + " WHERE lower(email) = lower(?) AND deleted_at IS NULL";
    }

    /** An author's live posts newest first: posts_author_created_idx (author_id, created_at DESC). */
    static String postsBy(String schema) {
        return "SELECT " + POST_COLUMNS + " FROM " + schema + ".posts p"
                + " WHERE p.author_id = ? AND p.deleted_at IS NULL ORDER BY p.created_at DESC";
    }

    /** A page of the feed: posts_feed_idx (published_at DESC, id DESC) WHERE published and live. Parameters: limit, offset. */
    static String feed(String schema) {
        return "SELECT " + POST_COLUMNS + " FROM " + schema + ".posts p"
                + " WHERE p.published_at IS NOT NULL AND p.deleted_at IS NULL"
                + " ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?";
    }

    /** Full-text search ranked by ts_rank over the stored tsvector: posts_search_idx (GIN, live posts). */
    static String search(String schema) {
        return "SELECT p.id AS post_id, p.title, u.email AS author_email, p.published_at,"
                + " ts_rank(p.search, q)::float8 AS rank"
                + " FROM " + schema + ".posts p JOIN " + schema + ".users u ON u.id = p.author_id,"
                + " plainto_tsquery('english', ?) q"
                + " WHERE p.search @@ q AND p.deleted_at IS NULL AND p.published_at IS NOT NULL"
                + " ORDER BY rank DESC, p.id LIMIT ?";
    }

    /** Posts whose metadata has a key with a text value ({@code ->>}); no index serves it, the feed's filter bounds it. */
    static String byMetadata(String schema) {
        return "SELECT " + POST_COLUMNS + " FROM " + schema + ".posts p"
                + " WHERE p.metadata ->> ? = ? AND p.published_at IS NOT NULL AND p.deleted_at IS NULL"
                + " ORDER BY p.published_at DESC, p.id DESC";
    }

    /** Posts tagged with one tag: jsonb's {@code ?}, written {@code ??} since a single ? is a parameter; posts_tags_idx. */
    static String tagged(String schema) {
        return "SELECT " + POST_COLUMNS + " FROM " + schema + ".posts p"
                + " WHERE p.metadata -> 'tags' ?? ? AND p.published_at IS NOT NULL AND p.deleted_at IS NULL"
                + " ORDER BY p.published_at DESC, p.id DESC";
    }

    /** Posts tagged with any of several tags: jsonb's {@code ?|} written {@code ??|}, a text[] parameter; posts_tags_idx. */
    static String taggedAny(String schema) {
        return "SELECT " + POST_COLUMNS + " FROM " + schema + ".posts p"
                + " WHERE p.metadata -> 'tags' ??| ? AND p.published_at IS NOT NULL AND p.deleted_at IS NULL"
                + " ORDER BY p.published_at DESC, p.id DESC";
    }

    /**
     * Each live user's post counts and roles in one statement. The counts and the roles come from separate LATERAL
     * subqueries: joining posts and roles side by side and counting would count each post once per role.
     */
    static String authorStats(String schema) {
        return "SELECT u.id AS user_id, u.email, coalesce(p.posts, 0) AS posts,"
                + " coalesce(p.published_posts, 0) AS published_posts, r.roles"
                + " FROM " + schema + ".users u"
                + " LEFT JOIN LATERAL (SELECT count(*) AS posts, count(*) FILTER (WHERE published_at IS NOT NULL)"
                + " AS published_posts FROM " + schema + ".posts WHERE author_id = u.id AND deleted_at IS NULL) p ON true"
                + " CROSS JOIN LATERAL (SELECT coalesce(array_agg(ro.name ORDER BY ro.name), '{}') AS roles"
                + " FROM " + schema + ".user_roles ur JOIN " + schema + ".roles ro ON ro.id = ur.role_id"
                + " WHERE ur.user_id = u.id) r"
                + " WHERE u.deleted_at IS NULL ORDER BY posts DESC, u.id";
    }
}
