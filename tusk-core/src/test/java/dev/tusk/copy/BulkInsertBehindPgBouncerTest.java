package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link BulkInsertTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class BulkInsertBehindPgBouncerTest extends BulkInsertTest {
}
