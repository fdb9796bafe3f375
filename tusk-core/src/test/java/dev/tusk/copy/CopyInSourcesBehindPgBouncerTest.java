package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link CopyInSourcesTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class CopyInSourcesBehindPgBouncerTest extends CopyInSourcesTest {
}
