package dev.tusk.pool.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool's pure logic, without a server: retirement reasons, acquire-time percentiles, exhaustion episodes. */
class PoolInternalsTest {

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long LIFETIME = 30 * MINUTE;
    private static final long IDLE_TIMEOUT = 10 * MINUTE;

    @Test
    void shouldPreferTusksOwnRetirementMark() {
        assertThat(ConnectionLedger.classify(Retirement.MAX_USES, true, true, false, LIFETIME, IDLE_TIMEOUT, LIFETIME,
                IDLE_TIMEOUT)).isEqualTo(Retirement.MAX_USES);
    }

    @Test
    void shouldNotCountClosingsDuringShutdown() {
        assertThat(ConnectionLedger.classify(null, true, false, false, MINUTE, MINUTE, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.SHUTDOWN);
    }

    @Test
    void shouldCountFailedValidationAsBrokenWhateverTheAge() {
        assertThat(ConnectionLedger.classify(null, false, true, false, LIFETIME, IDLE_TIMEOUT, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.BROKEN);
    }

    @Test
    void shouldCountLifetimeFromTheLastQuarterOfMaxLifetimeWhereHikariJittersIt() {
        long justInside = LIFETIME * 3 / 4;
        assertThat(ConnectionLedger.classify(null, false, false, true, justInside, 0, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.LIFETIME);
        assertThat(ConnectionLedger.classify(null, false, false, true, justInside - 1, 0, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.BROKEN);
    }

    @Test
    void shouldCountIdleOnlyForConnectionNotLent() {
        assertThat(ConnectionLedger.classify(null, false, false, false, 20 * MINUTE, IDLE_TIMEOUT, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.IDLE);
        assertThat(ConnectionLedger.classify(null, false, false, true, 20 * MINUTE, IDLE_TIMEOUT, LIFETIME, IDLE_TIMEOUT))
                .isEqualTo(Retirement.BROKEN);
    }

    @Test
    void shouldNeverCountLifetimeOrIdleWhenTheyAreOff() {
        assertThat(ConnectionLedger.classify(null, false, false, false, 100 * LIFETIME, 100 * IDLE_TIMEOUT, 0, 0))
                .isEqualTo(Retirement.BROKEN);
    }

    @Test
    void shouldComputeNearestRankPercentilesOfAcquireTimes() {
        AcquireTimes times = new AcquireTimes();
        for (int millis = 100; millis >= 1; millis--) {
            times.record(Duration.ofMillis(millis).toNanos());
        }

        AcquireTimes.Percentiles percentiles = times.percentiles();
        assertThat(percentiles.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(percentiles.p99()).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void shouldReportOnlyTheMostRecentAcquireTimes() {
        AcquireTimes times = new AcquireTimes();
        for (int i = 0; i < AcquireTimes.CAPACITY; i++) {
            times.record(Duration.ofSeconds(1).toNanos());
        }
        for (int i = 0; i < AcquireTimes.CAPACITY; i++) {
            times.record(Duration.ofMillis(1).toNanos());
        }

        assertThat(times.percentiles().p99()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void shouldReportZeroAcquireTimesBeforeAnyAcquire() {
        assertThat(new AcquireTimes().percentiles())
                .isEqualTo(new AcquireTimes.Percentiles(Duration.ZERO, Duration.ZERO));
    }

    @Test
    void shouldBeginOneEpisodePerCrossingOfTheThreshold() {
        Exhaustion exhaustion = new Exhaustion(4, 50, () -> false);

        assertThat(exhaustion.leased()).isFalse();
        assertThat(exhaustion.leased()).as("2 of 4 reaches 50%").isTrue();
        assertThat(exhaustion.leased()).as("still the same episode").isFalse();
        exhaustion.returned();
        assertThat(exhaustion.leased()).as("back at 3 without having dropped below 2").isFalse();
        exhaustion.returned();
        exhaustion.returned();
        assertThat(exhaustion.leased()).as("a new episode after dropping below").isTrue();
        assertThat(exhaustion.episodes()).isEqualTo(2);
    }

    @Test
    void shouldKeepEpisodeOpenWhileCallersWait() {
        AtomicBoolean waiting = new AtomicBoolean(true);
        Exhaustion exhaustion = new Exhaustion(2, 100, waiting::get);
        exhaustion.leased();
        exhaustion.leased();

        exhaustion.returned();
        assertThat(exhaustion.leased()).as("the dip while a waiter takes over is not a new episode").isFalse();
        waiting.set(false);
        exhaustion.returned();
        assertThat(exhaustion.leased()).as("below the threshold with nobody waiting ended it").isTrue();
        assertThat(exhaustion.episodes()).isEqualTo(2);
    }

    @Test
    void shouldRoundThresholdUpWithoutFloatingPointDrift() {
        assertThat(new Exhaustion(10, 70, () -> false).thresholdCount()).isEqualTo(7);
        assertThat(new Exhaustion(2, 80, () -> false).thresholdCount()).isEqualTo(2);
        assertThat(new Exhaustion(2, 1, () -> false).thresholdCount()).isEqualTo(1);
        assertThat(new Exhaustion(3, 100, () -> false).thresholdCount()).isEqualTo(3);
    }

    @Test
    void shouldStartLeakStackAtTheFirstFrameOutsideThePool() {
        StackTraceElement[] frames = {
                new StackTraceElement("dev.tusk.pool.internal.LeakDetector", "captureSite", null, 1),
                new StackTraceElement("dev.tusk.pool.internal.HikariTuskPool", "acquire", null, 2),
                new StackTraceElement("dev.tusk.TuskClient", "query", null, 3),
                new StackTraceElement("com.example.Orders", "list", null, 4)};

        assertThat(LeakDetector.withoutPoolFrames(frames)).extracting(StackTraceElement::getClassName)
                .containsExactly("dev.tusk.TuskClient", "com.example.Orders");
    }

    @Test
    void shouldRoundDriverTimeoutsUpToWholeSeconds() {
        assertThat(HikariPools.ceilSeconds(Duration.ofMillis(250))).isEqualTo(1);
        assertThat(HikariPools.ceilSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(HikariPools.ceilSeconds(Duration.ofSeconds(10))).isEqualTo(10);
    }
}
