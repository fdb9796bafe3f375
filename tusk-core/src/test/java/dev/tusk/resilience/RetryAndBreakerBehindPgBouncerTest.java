package dev.tusk.resilience;

import dev.tusk.testing.junit.WithPostgres;

/** {@link RetryAndBreakerTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class RetryAndBreakerBehindPgBouncerTest extends RetryAndBreakerTest {

    // The three breaker tests below start a server of their own, without PgBouncer, to stop it: here they would only
    // repeat the direct run. ResilienceBehindPgBouncerTest stops the server behind a PgBouncer instead.

    @Override
    void shouldOpenAfterConsecutiveConnectionFailuresAndRefuseAtOnceThenRecover() {
    }

    @Override
    void shouldLetATrialCallThroughAsSoonAsThePoolReachesTheServerAgain() {
    }

    @Override
    void shouldLetEverythingThroughWhenTheBreakerIsOff() {
    }
}
