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
    void shouldBeginNoEpisodeWhileEveryConnectionIsBusyButNobodyWaits() {
        Exhaustion exhaustion = new Exhaustion(Duration.ofMillis(100), () -> false);

        for (int i = 0; i < 8; i++) {
            assertThat(exhaustion.leased(Duration.ofMillis(2).toNanos())).as("lease %d after a hand-off", i).isFalse();
        }
        assertThat(exhaustion.active()).isEqualTo(8);
        assertThat(exhaustion.episodes()).isZero();
    }

    @Test
    void shouldBeginOneEpisodePerStretchOfLongWaits() {
        AtomicBoolean waiting = new AtomicBoolean(true);
        Exhaustion exhaustion = new Exhaustion(Duration.ofMillis(100), waiting::get);
        long longWait = Duration.ofMillis(250).toNanos();

        assertThat(exhaustion.leased(longWait)).as("the first wait over 100ms").isTrue();
        exhaustion.returned();
        assertThat(exhaustion.leased(longWait)).as("callers still waited at the return: same episode").isFalse();
        waiting.set(false);
        exhaustion.returned();
        assertThat(exhaustion.leased(longWait)).as("a return left nobody waiting, which ended it").isTrue();
        assertThat(exhaustion.episodes()).isEqualTo(2);
    }

    @Test
    void shouldDeriveTheWaitThresholdFromTheAcquireTimeout() {
        assertThat(Exhaustion.waitThreshold(Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(100));
        assertThat(Exhaustion.waitThreshold(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldJitterUseLimitsWithinTheLastTenth() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long limit = PhysicalDataSource.jitteredUseLimit(50_000);
            assertThat(limit).isBetween(45_000L, 50_000L);
            seen.add(limit);
        }
        assertThat(seen).as("200 draws out of 5,001 values").hasSizeGreaterThan(100);
        assertThat(PhysicalDataSource.jitteredUseLimit(0)).isZero();
        assertThat(PhysicalDataSource.jitteredUseLimit(5)).isEqualTo(5);
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
