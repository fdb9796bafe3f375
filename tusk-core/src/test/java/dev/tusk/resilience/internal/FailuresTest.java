package dev.tusk.resilience.internal;

import dev.tusk.AuthenticationException;
import dev.tusk.CircuitOpenException;
import dev.tusk.ClientClosedException;
import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.ConnectionException;
import dev.tusk.DeadlockException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.QueryException;
import dev.tusk.QueryTimeoutException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.SerializationFailureException;
import dev.tusk.ServerError;
import dev.tusk.SyntaxErrorException;
import dev.tusk.TooManyConnectionsException;
import dev.tusk.TuskException;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.UniqueViolationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    static ConnectionException neverConnected() {
        return new ConnectionException("connection refused", null, ServerError.ofSqlState("08001"), false);
    }

    static ConnectionException lostMidStatement() {
        return new ConnectionException("connection reset", null, ServerError.ofSqlState("08006"), true);
    }

    static List<TuskException> callerCaused() {
        return List.of(
                new SyntaxErrorException("syntax", null, ServerError.ofSqlState("42601")),
                new UniqueViolationException("duplicate", null, ServerError.ofSqlState("23505")),
                new UndefinedTableException("no table", null, ServerError.ofSqlState("42P01")),
                new UndefinedColumnException("no column", null, ServerError.ofSqlState("42703")),
                new QueryTimeoutException("statement timeout", null, ServerError.ofSqlState("57014")),
                new SerializationFailureException("serialization", null, ServerError.ofSqlState("40001")),
                new DeadlockException("deadlock", null, ServerError.ofSqlState("40P01")),
                new ReadOnlyTransactionException("read only", null, ServerError.ofSqlState("25006")),
                new QueryException("other", null, ServerError.ofSqlState("XX000")));
    }

    @Test
    void shouldTreatFailuresBeforeSendingAsNotSent() {
        assertThat(Failures.notSent(neverConnected())).isTrue();
        assertThat(Failures.notSent(new ConnectionException("shutting down", null, ServerError.ofSqlState("57P01"),
                false))).isTrue();
        assertThat(Failures.notSent(new TooManyConnectionsException("too many", null, ServerError.ofSqlState("53300"))))
                .isTrue();
    }

    @Test
    void shouldNotTreatAStatementCutInFlightAsNotSent() {
        assertThat(Failures.notSent(lostMidStatement())).isFalse();
        assertThat(Failures.notSent(new SerializationFailureException("s", null, ServerError.ofSqlState("40001"))))
                .isFalse();
    }

    @Test
    void shouldNeverRetryLocalRefusals() {
        List<TuskException> refusals = List.of(
                new CircuitOpenException("open", null, Instant.EPOCH),
                new ClientClosedException("closed"),
                new PoolExhaustedException("exhausted", null, null));
        for (TuskException refusal : refusals) {
            assertThat(Failures.notSent(refusal)).as(refusal.getMessage()).isFalse();
            assertThat(Failures.safeToRetry(refusal, true)).as(refusal.getMessage()).isFalse();
        }
    }

    @Test
    void shouldRetryTransientFailuresThatMayHaveReachedTheServerOnlyWhenIdempotent() {
        TuskException serialization = new SerializationFailureException("s", null, ServerError.ofSqlState("40001"));
        assertThat(Failures.safeToRetry(serialization, false)).isFalse();
        assertThat(Failures.safeToRetry(serialization, true)).isTrue();
        assertThat(Failures.safeToRetry(lostMidStatement(), false)).isFalse();
        assertThat(Failures.safeToRetry(lostMidStatement(), true)).isTrue();
        assertThat(Failures.safeToRetry(neverConnected(), false)).isTrue();
    }

    @Test
    void shouldNeverRetryPermanentFailuresEvenWhenIdempotent() {
        assertThat(Failures.safeToRetry(new SyntaxErrorException("x", null, ServerError.ofSqlState("42601")), true))
                .isFalse();
        assertThat(Failures.safeToRetry(new AuthenticationException("x", null, ServerError.ofSqlState("28P01")), true))
                .isFalse();
        assertThat(Failures.safeToRetry(new CommitOutcomeUnknownException("x", lostMidStatement(), 42), true))
                .isFalse();
    }

    @Test
    void shouldCountConnectionClassFailuresForTheBreaker() {
        assertThat(Failures.countsForBreaker(neverConnected())).isTrue();
        assertThat(Failures.countsForBreaker(lostMidStatement())).isTrue();
        assertThat(Failures.countsForBreaker(new TooManyConnectionsException("t", null, ServerError.NONE))).isTrue();
        assertThat(Failures.countsForBreaker(new AuthenticationException("a", null, ServerError.NONE))).isTrue();
        assertThat(Failures.countsForBreaker(new CommitOutcomeUnknownException("c", lostMidStatement(), 1))).isTrue();
    }

    @Test
    void shouldNotCountCallerErrorsOrLoadForTheBreaker() {
        for (TuskException failure : callerCaused()) {
            assertThat(Failures.countsForBreaker(failure)).as(failure.getMessage()).isFalse();
            assertThat(Failures.serverAnswered(failure)).as(failure.getMessage()).isTrue();
        }
        assertThat(Failures.countsForBreaker(new PoolExhaustedException("exhausted", null, null))).isFalse();
        assertThat(Failures.countsForBreaker(new CircuitOpenException("open", null, Instant.EPOCH))).isFalse();
        assertThat(Failures.countsForBreaker(new IllegalStateException("bug in a callback"))).isFalse();
        assertThat(Failures.countsForBreaker(null)).isFalse();
    }

    @Test
    void shouldNotTakeFailuresWithoutAServerReplyAsProofTheServerAnswered() {
        assertThat(Failures.serverAnswered(new PoolExhaustedException("exhausted", null, null))).isFalse();
        assertThat(Failures.serverAnswered(new IllegalStateException("bug"))).isFalse();
        assertThat(Failures.serverAnswered(lostMidStatement())).isFalse();
    }
}
