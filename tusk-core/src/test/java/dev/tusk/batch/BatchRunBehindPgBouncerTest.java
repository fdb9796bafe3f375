package dev.tusk.batch;

import dev.tusk.testing.junit.WithPostgres;

/** {@link BatchRunTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class BatchRunBehindPgBouncerTest extends BatchRunTest {
}
