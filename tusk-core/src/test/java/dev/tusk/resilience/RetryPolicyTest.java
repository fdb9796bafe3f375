package dev.tusk.resilience;

import dev.tusk.config.TuskConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final RetryPolicy POLICY =
            new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(30));

    @Test
    void shouldDoubleTheBoundForEachRetryUntilTheCap() {
        assertThat(POLICY.boundBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(POLICY.boundBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(POLICY.boundBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(POLICY.boundBefore(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(POLICY.boundBefore(5)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(POLICY.boundBefore(6)).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void shouldStayAtTheCapWithoutOverflowForHugeRetryNumbers() {
        RetryPolicy huge = new RetryPolicy(3, Duration.ofNanos(1), RetryPolicy.MAX_DURATION, Duration.ofSeconds(1));
        assertThat(huge.boundBefore(63)).isEqualTo(Duration.ofNanos(1L << 62));
        for (int retry : new int[] {64, 65, 100, 1_000, Integer.MAX_VALUE}) {
            assertThat(huge.boundBefore(retry)).as("retry %d", retry).isEqualTo(RetryPolicy.MAX_DURATION);
            assertThat(POLICY.boundBefore(retry)).as("retry %d", retry).isEqualTo(Duration.ofMillis(1_000));
        }
        assertThat(huge.delayBefore(Integer.MAX_VALUE, new SplittableRandom(7))).isBetween(Duration.ZERO, RetryPolicy.MAX_DURATION);
    }

    @Test
    void shouldBeNeverLongerThanTheBoundWhenJittered() {
        RandomGenerator random = new SplittableRandom(42);
        for (int retry = 1; retry <= 8; retry++) {
            Duration bound = POLICY.boundBefore(retry);
            Duration shortest = bound;
            Duration longest = Duration.ZERO;
            for (int i = 0; i < 2_000; i++) {
                Duration delay = POLICY.delayBefore(retry, random);
                assertThat(delay).isBetween(Duration.ZERO, bound);
                shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
                longest = delay.compareTo(longest) > 0 ? delay : longest;
            }
            // Full jitter: the draws spread over the whole range, not just near the bound.
            assertThat(shortest).isLessThan(bound.dividedBy(10));
            assertThat(longest).isGreaterThan(bound.multipliedBy(9).dividedBy(10));
        }
    }

    @Test
    void shouldGiveAZeroDelayWhenTheInitialDelayIsZero() {
        RetryPolicy immediate = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(immediate.boundBefore(10)).isZero();
        assertThat(immediate.delayBefore(10, new SplittableRandom(1))).isZero();
    }

    @Test
    void shouldReadTheRetrySettingsFromTheConfig() {
        TuskConfig config = TuskConfig.builder().build();
        assertThat(RetryPolicy.from(config)).isEqualTo(
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @Test
    void shouldReplaceOnlyTheDeadline() {
        assertThat(POLICY.withDeadline(Duration.ofSeconds(2)))
                .isEqualTo(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1_000), Duration.ofSeconds(2)));
    }

    @Test
    void shouldNeverRetryWithTheNonePolicy() {
        assertThat(RetryPolicy.NONE.maxRetries()).isZero();
    }

    @Test
    void shouldRefuseInvalidComponentsNamingBoundAndValue() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(-1, second, second, second))
                .hasMessage("maxRetries must be at least 0, but was -1");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-5), second, second))
                .hasMessage("initialDelay must not be negative, but was PT-0.005S");
        assertThatThrownBy(() -> new RetryPolicy(1, null, second, second))
                .hasMessage("initialDelay must be set, but was null");
        assertThatThrownBy(() -> new RetryPolicy(1, second, Duration.ofMillis(500), second))
                .hasMessage("maxDelay must be at least initialDelay (PT1S), but was PT0.5S");
        assertThatThrownBy(() -> new RetryPolicy(1, second, second, Duration.ZERO))
                .hasMessage("deadline must be positive, but was PT0S");
        assertThatThrownBy(() -> new RetryPolicy(1, second, Duration.ofDays(365 * 300), second))
                .hasMessageStartingWith("maxDelay must be at most PT2562047H47M16.854775807S, but was PT2628000H");
        assertThatThrownBy(() -> POLICY.boundBefore(0))
                .hasMessage("retry must be at least 1, but was 0");
    }
}
