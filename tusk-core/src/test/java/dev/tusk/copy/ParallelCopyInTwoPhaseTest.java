package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link ParallelCopyInTest}'s tests on a server with prepared transactions, where the streams commit in two phases. */
@WithPostgres(settings = "max_prepared_transactions=10")
class ParallelCopyInTwoPhaseTest extends ParallelCopyInTest {

    @Override
    boolean twoPhase() {
        return true;
    }
}
