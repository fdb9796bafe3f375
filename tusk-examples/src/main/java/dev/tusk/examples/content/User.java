package dev.tusk.examples.content;

import java.time.Instant;

/** A live user, as stored. */
public record User(long id, String email, String name, Instant createdAt) {
}
