package dev.tusk.resilience;

import dev.tusk.config.TuskConfig;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long work that is safe to retry is tried again: exponential backoff with full jitter, capped at
 * {@code maxDelay}, within a deadline measured from the first attempt.
 *
 * @param maxRetries   retries after the first attempt, zero for none
 * @param initialDelay the upper bound of the first backoff delay; each later bound doubles
 * @param maxDelay     the most any backoff bound may grow to
 * @param deadline     how long one call may spend on all its attempts and delays, from its first attempt
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration deadline) {

    /** The longest delay or deadline: what a {@code long} of nanoseconds holds, so the retry loop cannot overflow. */
    public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /** Never retry: one attempt, no delay, no deadline of its own (a caller timeout still applies). */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, MAX_DURATION);

    /** Checks every component at once, naming it, its bound and its value. */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be at least 0, but was " + maxRetries);
        }
        requireWithin("initialDelay", initialDelay, false);
        requireWithin("maxDelay", maxDelay, false);
        requireWithin("deadline", deadline, true);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay (" + initialDelay
                    + "), but was " + maxDelay);
        }
    }

    /** The policy that {@code config}'s maxRetries, retryDelay, retryMaxDelay and retryDeadline describe. */
    public static RetryPolicy from(TuskConfig config) {
        return new RetryPolicy(config.maxRetries(), config.retryDelay(), config.retryMaxDelay(), config.retryDeadline());
    }

    /** A copy of this policy with another deadline. */
    public RetryPolicy withDeadline(Duration newDeadline) {
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, newDeadline);
    }

    /** The upper bound of the delay before retry number {@code retry} (1 for the first): min(maxDelay, initialDelay * 2^(retry-1)). */
    public Duration boundBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, but was " + retry);
        }
        if (initialDelay.isZero()) {
            return Duration.ZERO;
        }
        int doublings = retry - 1;
        // Compare against maxDelay / 2^n instead of multiplying, so no retry number can overflow.
        if (doublings >= Long.SIZE - 1 || initialDelay.compareTo(maxDelay.dividedBy(1L << doublings)) > 0) {
            return maxDelay;
        }
        return initialDelay.multipliedBy(1L << doublings);
    }

    /** The delay before retry number {@code retry}, drawn uniformly from [0, {@link #boundBefore}] ("full jitter"). */
    public Duration delayBefore(int retry, RandomGenerator random) {
        long boundNanos = boundBefore(retry).toNanos();
        // Full jitter spreads the retries of many clients that failed together, so they do not return together.
        long nanos = boundNanos == Long.MAX_VALUE ? random.nextLong(boundNanos) : random.nextLong(boundNanos + 1);
        return Duration.ofNanos(nanos);
    }

    private static void requireWithin(String name, Duration value, boolean positive) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set, but was null");
        }
        if (positive ? value.isNegative() || value.isZero() : value.isNegative()) {
            throw new IllegalArgumentException(name + (positive ? " must be positive" : " must not be negative")
                    + ", but was " + value);
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_DURATION + ", but was " + value);
        }
    }
}
