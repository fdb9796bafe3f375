package dev.tusk.resilience.internal;

import dev.tusk.CircuitOpenException;
import dev.tusk.ConnectionException;
import dev.tusk.PoolExhaustedException;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.CircuitState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BreakerTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(START);
    private final Breaker breaker = Breaker.of("main", 3, OPEN_FOR, clock);

    private static ConnectionException refused(int n) {
        return new ConnectionException("connection refused #" + n, null, ServerError.ofSqlState("08001"), false);
    }

    private void failWithConnectionErrors(int count) {
        for (int i = 1; i <= count; i++) {
            breaker.acquirePermission();
            breaker.onFailure(1_000, refused(i));
        }
    }

    private void succeed() {
        breaker.acquirePermission();
        breaker.onSuccess(1_000);
    }

    @Test
    void shouldOpenAfterExactlyThresholdConsecutiveConnectionFailures() {
        failWithConnectionErrors(2);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.status().consecutiveFailures()).isEqualTo(2);

        failWithConnectionErrors(1);

        assertThat(breaker.status()).isEqualTo(new CircuitBreakerStatus(CircuitState.OPEN, 3, START.plus(OPEN_FOR), 1,
                "connection refused #1"));
    }

    @Test
    void shouldNotOpenWhenASuccessBreaksTheRun() {
        failWithConnectionErrors(2);
        succeed();
        failWithConnectionErrors(2);
        succeed();
        failWithConnectionErrors(2);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.status().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void shouldTakeACallerErrorAsProofTheServerIsUp() {
        failWithConnectionErrors(2);
        breaker.acquirePermission();
        breaker.onFailure(1_000, FailuresTest.callerCaused().getFirst());
        failWithConnectionErrors(2);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void shouldNeitherCountNorResetOnFailuresThatSayNothingAboutTheServer() {
        failWithConnectionErrors(2);
        breaker.acquirePermission();
        breaker.onFailure(1_000, new PoolExhaustedException("pool exhausted", null, null));
        breaker.acquirePermission();
        breaker.onFailure(1_000, new IllegalStateException("bug in a callback"));
        assertThat(breaker.status().consecutiveFailures()).isEqualTo(2);
        failWithConnectionErrors(1);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void shouldRefuseAtOnceWhenOpenSayingWhyAndWhenItWillProbe() {
        failWithConnectionErrors(3);
        clock.advance(Duration.ofMillis(17_700));

        assertThatThrownBy(breaker::acquirePermission)
                .isInstanceOfSatisfying(CircuitOpenException.class, refused -> {
                    assertThat(refused.probeAt()).isEqualTo(START.plus(OPEN_FOR));
                    assertThat(refused.getCause()).hasMessage("connection refused #3");
                    assertThat(refused.isTransient()).isTrue();
                    assertThat(refused.mayHaveReachedServer()).isFalse();
                })
                .hasMessage("Circuit breaker 'main' is open after 3 consecutive connection failures (last failure:"
                        + " connection refused #3); it will let a trial call through at 2026-12-01T12:00:30Z"
                        + " (in 12.3 s)");
    }

    @Test
    void shouldHalfOpenAfterTheOpenDurationAndLetOneTrialCallThrough() {
        failWithConnectionErrors(3);
        clock.advance(OPEN_FOR.plusMillis(1));

        breaker.acquirePermission();

        assertThat(breaker.status().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.status().probeAt()).isNull();
        assertThatThrownBy(breaker::acquirePermission)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("is half-open after 3 consecutive connection failures and its trial call is"
                        + " still running");
    }

    @Test
    void shouldStayOpenUntilTheOpenDurationHasPassed() {
        failWithConnectionErrors(3);
        clock.advance(OPEN_FOR);
        assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void shouldCloseAfterASuccessfulTrialCall() {
        failWithConnectionErrors(3);
        clock.advance(OPEN_FOR.plusMillis(1));

        succeed();

        assertThat(breaker.status()).isEqualTo(new CircuitBreakerStatus(CircuitState.CLOSED, 0, null, 1,
                "connection refused #3"));
        assertThatCode(this::succeed).doesNotThrowAnyException();
        // A fresh run of failures is needed to open it again.
        failWithConnectionErrors(2);
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void shouldReopenAfterAFailedTrialCallWithANewProbeTime() {
        failWithConnectionErrors(3);
        clock.advance(OPEN_FOR.plusMillis(1));

        breaker.acquirePermission();
        breaker.onFailure(1_000, refused(4));

        CircuitBreakerStatus status = breaker.status();
        assertThat(status.state()).isEqualTo(CircuitState.OPEN);
        assertThat(status.timesOpened()).isEqualTo(2);
        assertThat(status.probeAt()).isEqualTo(clock.instant().plus(OPEN_FOR));
        assertThat(status.lastFailureMessage()).isEqualTo("connection refused #4");
        assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void shouldGiveTheTrialBackWhenTheCallEndsWithoutAVerdict() {
        failWithConnectionErrors(3);
        clock.advance(OPEN_FOR.plusMillis(1));
        breaker.acquirePermission();

        breaker.releasePermission();

        assertThat(breaker.status().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThatCode(breaker::acquirePermission).doesNotThrowAnyException();
    }

    @Test
    void shouldHalfOpenAtOnceWhenThePoolReachesTheServer() {
        failWithConnectionErrors(3);

        breaker.serverReachable();

        assertThat(breaker.status().state()).isEqualTo(CircuitState.HALF_OPEN);
        succeed();
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void shouldIgnoreTheServerBeingReachableUnlessOpen() {
        breaker.serverReachable();
        assertThat(breaker.status().state()).isEqualTo(CircuitState.CLOSED);

        failWithConnectionErrors(3);
        breaker.serverReachable();
        breaker.acquirePermission();
        breaker.serverReachable();
        // The trial call is still running, so a second connection must not let another one through.
        assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void shouldReportACleanStatusBeforeAnyFailure() {
        assertThat(breaker.status()).isEqualTo(CircuitBreakerStatus.CLOSED_CLEAN);
    }

    @Test
    void shouldOpenAfterThresholdFailuresEvenForThresholdsWhereResilience4jRoundsTheRate() {
        Breaker large = Breaker.of("large", 671_089, OPEN_FOR, clock);
        TuskException failure = refused(0);
        for (int i = 0; i < 671_088; i++) {
            large.onFailure(1, failure);
        }
        assertThat(large.status().state()).isEqualTo(CircuitState.CLOSED);
        large.onFailure(1, failure);
        assertThat(large.status().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void shouldPermitEverythingWhenDisabled() {
        Breaker disabled = Breaker.disabled();
        for (int i = 0; i < 100; i++) {
            disabled.acquirePermission();
            disabled.onFailure(1, refused(i));
        }
        disabled.serverReachable();
        assertThat(disabled.status()).isEqualTo(CircuitBreakerStatus.CLOSED_CLEAN);
    }

    @Test
    void shouldBuildFromTheConfigSettings() {
        Breaker fromConfig = Breaker.from("main", TuskConfig.builder().build());
        for (int i = 0; i < 5; i++) {
            fromConfig.onFailure(1, refused(i));
        }
        assertThat(fromConfig.status().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void shouldRefuseInvalidSettingsNamingBoundAndValue() {
        assertThatThrownBy(() -> Breaker.of("main", 0, OPEN_FOR, clock))
                .hasMessage("threshold must be at least 1, but was 0");
        assertThatThrownBy(() -> Breaker.of("main", 3, Duration.ofNanos(10), clock))
                .hasMessage("openDuration must be at least PT0.001S, but was PT0.00000001S");
        assertThatThrownBy(() -> Breaker.of(" ", 3, OPEN_FOR, clock))
                .hasMessage("name must be set, but was blank");
        assertThatThrownBy(() -> Breaker.of("main", 3, OPEN_FOR, null))
                .hasMessage("clock must be set, but was null");
    }

    /** A clock that moves only when the test says so. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
