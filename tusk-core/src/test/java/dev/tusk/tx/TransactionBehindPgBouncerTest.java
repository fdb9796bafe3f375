package dev.tusk.tx;

import dev.tusk.testing.junit.WithPostgres;

/** {@link TransactionTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class TransactionBehindPgBouncerTest extends TransactionTest {
}
