package dev.tusk.examples.content;

import java.time.Instant;

/** A post that matched a full-text search, with its {@code ts_rank} (higher is better) and its author's email. */
public record SearchHit(long postId, String title, String authorEmail, Instant publishedAt, double rank) {
}
