package dev.tusk.resilience.internal;

import dev.tusk.ConnectionException;
import dev.tusk.ServerError;
import dev.tusk.SyntaxErrorException;
import dev.tusk.TuskException;
import dev.tusk.resilience.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrierTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
    private static final Predicate<TuskException> ALWAYS = failure -> true;

    /** A monotonic clock that advances only when the retrier sleeps, or when a test moves it. */
    private final FakeTime time = new FakeTime();

    private Retrier retrier(RetryPolicy policy) {
        return new Retrier(policy, time::nanos, time, new SplittableRandom(11));
    }

    private static ConnectionException refused(int attempt) {
        return new ConnectionException("connection refused on attempt " + attempt, null, ServerError.NONE, false);
    }

    @Test
    void shouldReturnTheFirstSuccessWithoutSleeping() {
        Retrier retrier = retrier(POLICY);
        assertThat(retrier.call(() -> "ok", ALWAYS, null)).isEqualTo("ok");
        assertThat(time.sleeps).isEmpty();
        assertThat(retrier.retries()).isZero();
    }

    @Test
    void shouldRetryUntilTheWorkSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = retrier(POLICY);
        String result = retrier.call(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw refused(attempts.get());
            }
            return "third time";
        }, ALWAYS, null);
        assertThat(result).isEqualTo("third time");
        assertThat(retrier.retries()).isEqualTo(2);
        assertThat(time.sleeps).hasSize(2);
        assertThat(time.sleeps.get(0)).isBetween(Duration.ZERO, POLICY.boundBefore(1));
        assertThat(time.sleeps.get(1)).isBetween(Duration.ZERO, POLICY.boundBefore(2));
    }

    @Test
    void shouldStopAfterMaxRetriesAndRethrowTheLastFailureWithEarlierOnesSuppressed() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = retrier(POLICY);
        assertThatThrownBy(() -> retrier.call(() -> {
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, null))
                .hasMessage("connection refused on attempt 4")
                .satisfies(thrown -> assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("connection refused on attempt 1", "connection refused on attempt 2",
                                "connection refused on attempt 3"));
        assertThat(attempts).hasValue(4);
        assertThat(retrier.retries()).isEqualTo(3);
    }

    @Test
    void shouldAttachOnlyTheMostRecentFewEarlierFailures() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = retrier(new RetryPolicy(10, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> retrier.call(() -> {
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, null))
                .hasMessage("connection refused on attempt 11")
                .satisfies(thrown -> assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("connection refused on attempt 8", "connection refused on attempt 9",
                                "connection refused on attempt 10"));
    }

    @Test
    void shouldNotRetryWhatThePredicateRefuses() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = retrier(POLICY);
        SyntaxErrorException syntax = new SyntaxErrorException("syntax error", null, ServerError.ofSqlState("42601"));
        assertThatThrownBy(() -> retrier.call(() -> {
            attempts.incrementAndGet();
            throw syntax;
        }, failure -> !(failure instanceof SyntaxErrorException), null)).isSameAs(syntax);
        assertThat(attempts).hasValue(1);
        assertThat(retrier.retries()).isZero();
        assertThat(syntax.getSuppressed()).isEmpty();
    }

    @Test
    void shouldNeverRetryExceptionsThatAreNotTuskExceptions() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = retrier(POLICY);
        assertThatThrownBy(() -> retrier.call(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("bug in the callback");
        }, ALWAYS, null)).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldNeverRetryWithTheNonePolicy() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retrier(RetryPolicy.NONE).call(() -> {
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, null)).hasMessage("connection refused on attempt 1");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldGiveUpWhenTheNextDelayWouldEndPastTheDeadline() {
        RetryPolicy fixedDelays = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = new Retrier(fixedDelays.withDeadline(Duration.ofMillis(2_500)), time::nanos, time,
                new AlwaysTheBound());
        assertThatThrownBy(() -> retrier.call(() -> {
            time.advance(Duration.ofMillis(100));
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, null)).hasMessage("connection refused on attempt 3");
        // 0.1 + 1 + 0.1 + 1 + 0.1 = 2.3 s; one more second of delay would end at 3.3 s, past 2.5 s.
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void shouldLetAShorterCallerTimeoutWinOverThePolicyDeadline() {
        RetryPolicy fixedDelays = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = new Retrier(fixedDelays, time::nanos, time, new AlwaysTheBound());
        assertThatThrownBy(() -> retrier.call(() -> {
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, Duration.ofMillis(1_500))).hasMessage("connection refused on attempt 2");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void shouldKeepThePolicyDeadlineWhenTheCallerTimeoutIsLonger() {
        RetryPolicy fixedDelays = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(1_500));
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = new Retrier(fixedDelays, time::nanos, time, new AlwaysTheBound());
        assertThatThrownBy(() -> retrier.call(() -> {
            throw refused(attempts.incrementAndGet());
        }, ALWAYS, Duration.ofMinutes(5))).hasMessage("connection refused on attempt 2");
    }

    @Test
    void shouldRestoreTheInterruptAndRethrowTheLastFailureWhenInterruptedWhileWaiting() {
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = new Retrier(POLICY, time::nanos, delay -> {
            throw new InterruptedException();
        }, new SplittableRandom(3));
        try {
            assertThatThrownBy(() -> retrier.call(() -> {
                throw refused(attempts.incrementAndGet());
            }, ALWAYS, null)).hasMessage("connection refused on attempt 1");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(attempts).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldRefuseANegativeCallerTimeout() {
        assertThatThrownBy(() -> retrier(POLICY).call(() -> 1, ALWAYS, Duration.ofSeconds(-1)))
                .hasMessage("callerTimeout must not be negative, but was PT-1S");
    }

    /** Jitter that always draws the bound, so delays are predictable. */
    private static final class AlwaysTheBound implements RandomGenerator {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    }

    /** Fake monotonic time: sleeping advances it. */
    private static final class FakeTime implements Retrier.Sleeper {
        private long nanos = 1_000_000_000L;
        final List<Duration> sleeps = new ArrayList<>();

        long nanos() {
            return nanos;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public void sleep(Duration delay) {
            sleeps.add(delay);
            advance(delay);
        }
    }
}
