package dev.tusk.batch;

import dev.tusk.testing.junit.WithPostgres;

/** {@link BatchUpdateTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class BatchUpdateBehindPgBouncerTest extends BatchUpdateTest {
}
