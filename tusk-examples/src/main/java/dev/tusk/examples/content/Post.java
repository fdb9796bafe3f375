package dev.tusk.examples.content;

import java.time.Instant;

/** A live post, as stored; {@code metadata} is its JSON object text as the server normalises it. */
public record Post(long id, long authorId, String title, String content, Instant publishedAt, Instant createdAt,
                   String metadata) {
}
