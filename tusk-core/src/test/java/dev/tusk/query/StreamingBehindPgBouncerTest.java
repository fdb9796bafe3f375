package dev.tusk.query;

import dev.tusk.testing.junit.WithPostgres;

/** {@link StreamingTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class StreamingBehindPgBouncerTest extends StreamingTest {
}
