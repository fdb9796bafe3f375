package dev.tusk.bench.bulk;

import java.time.ZonedDateTime;

/**
 * One row of the bulk-load table {@code (id bigint, name text, email text, created_at timestamptz, score float8)}.
 * The time is a {@link ZonedDateTime} because that is what PgBulkInsert's {@code mapTimeStampTz} takes: no method
 * pays for a conversion the others skip (Tusk encodes it directly; the bulkInsert comparison converts to OffsetDateTime before timing).
 *
 * @param id        the key
 * @param name      a short name
 * @param email     an e-mail address
 * @param createdAt a UTC time
 * @param score     a fractional score
 */
public record Person(long id, String name, String email, ZonedDateTime createdAt, double score) {
}
