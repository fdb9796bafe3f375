package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/**
 * {@link ParallelCopyInTest}'s tests through a PgBouncer in transaction mode with {@code pgbouncer=true}, on a server
 * with prepared transactions: each stream is a transaction of its own, so PgBouncer keeps one server connection per
 * stream until its PREPARE TRANSACTION, and any server connection can run the COMMIT PREPARED.
 */
@WithPostgres(throughPgBouncer = true, settings = "max_prepared_transactions=10")
class ParallelCopyInBehindPgBouncerTest extends ParallelCopyInTest {

    @Override
    boolean twoPhase() {
        return true;
    }
}
