package dev.tusk.examples.content;

import java.time.Instant;

/**
 * A post to create: a title (1 to 200 characters), optional content, when it was published (null for a draft) and
 * its metadata as a JSON object text (null for {@code {}}).
 */
public record NewPost(String title, String content, Instant publishedAt, String metadata) {

    /** The longest title the schema accepts ({@code posts_title_length}). */
    public static final int MAX_TITLE_LENGTH = 200;

    /** Checks the title at once, naming the value. */
    public NewPost {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("post title must not be blank, but was "
                    + (title == null ? "null" : "'" + title + "'"));
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("post title must be at most " + MAX_TITLE_LENGTH + " characters, but was "
                    + title.codePointCount(0, title.length()) + " ('" + title.substring(0, 20) + "…')");
        }
    }

    /** A draft: not in the feed until published. */
    public static NewPost draft(String title, String content) {
        return new NewPost(title, content, null, null);
    }

    /** A post published at {@code publishedAt}. */
    public static NewPost published(String title, String content, Instant publishedAt) {
        if (publishedAt == null) {
            throw new IllegalArgumentException("publishedAt of post '" + title + "' must not be null; use draft(…)");
        }
        return new NewPost(title, content, publishedAt, null);
    }

    /** This post with {@code metadata}, a JSON object such as {@code {"category": "howto", "tags": ["sql"]}}. */
    public NewPost withMetadata(String metadata) {
        return new NewPost(title, content, publishedAt, metadata);
    }
}
