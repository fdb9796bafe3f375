package dev.tusk.resilience.internal;

import dev.tusk.TuskException;
import dev.tusk.resilience.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs work again after failures a predicate calls retryable, with the policy's backoff, until it succeeds, the
 * retries run out, or the next delay would end past the deadline. Thread-safe; one per client.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** Earlier failures attached to the one rethrown: enough to show a pattern, not so many that a log drowns. */
    static final int MAX_SUPPRESSED = 3;

    /** One try of the work. */
    @FunctionalInterface
    public interface Attempt<R> {
        /** Runs the work once and returns its result. */
        R run();
    }

    /** Waits between attempts; injected so tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** The real one: {@link Thread#sleep(Duration)}. */
        Sleeper THREAD = Thread::sleep;

        /** Waits for {@code delay}, or throws when the thread is interrupted. */
        void sleep(Duration delay) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final LongAdder retries = new LongAdder();
    private volatile RetryListener listener = (retry, failure) -> { };

    /** A retrier on the system's clock, sleeping for real, with thread-local randomness. */
    public Retrier(RetryPolicy policy) {
        // ThreadLocalRandom must be asked per call from the thread that uses it, hence the lambda.
        this(policy, System::nanoTime, Sleeper.THREAD, () -> ThreadLocalRandom.current().nextLong());
    }

    /** A retrier with an injected monotonic clock, sleeper and source of jitter. */
    public Retrier(RetryPolicy policy, LongSupplier nanoTime, Sleeper sleeper, RandomGenerator random) {
        this.policy = require(policy, "policy");
        this.nanoTime = require(nanoTime, "nanoTime");
        this.sleeper = require(sleeper, "sleeper");
        this.random = require(random, "random");
    }

    /** Hears each retry just before its back-off: the retry's number (from 1) and the failure it follows. */
    @FunctionalInterface
    public interface RetryListener {
        /** Called once per retry; must not throw. */
        void retrying(int retry, TuskException failure);
    }

    /** Makes {@code listener} hear every retry from now on; returns this retrier. */
    public Retrier onRetry(RetryListener listener) {
        this.listener = require(listener, "listener");
        return this;
    }

    /** The policy this retrier follows. */
    public RetryPolicy policy() {
        return policy;
    }

    /** How many retries this retrier has made since it was created. */
    public long retries() {
        return retries.sum();
    }

    /**
     * Runs {@code attempt}, retrying a {@link TuskException} that {@code retryable} accepts; gives up by rethrowing
     * the last failure with up to {@value #MAX_SUPPRESSED} earlier ones suppressed. Other exceptions pass through at
     * once. {@code callerTimeout} (null for none) shortens the policy's deadline when it is shorter.
     */
    public <R> R call(Attempt<R> attempt, Predicate<TuskException> retryable, Duration callerTimeout) {
        return call(attempt, retryable, callerTimeout, null);
    }

    /**
     * Runs {@code attempt} as {@link #call(Attempt, Predicate, Duration)} does, telling {@code heard} (null for nobody)
     * of every failed attempt, the last one too, before deciding whether to retry it. A listener kept by the caller
     * instead of a wrapper around each attempt, so the one-statement path allocates nothing for it.
     */
    public <R> R call(Attempt<R> attempt, Predicate<TuskException> retryable, Duration callerTimeout,
                      Consumer<TuskException> heard) {
        long start = nanoTime.getAsLong();
        long budgetNanos = budgetNanos(callerTimeout);
        List<TuskException> earlier = null;
        for (int attemptNumber = 1; ; attemptNumber++) {
            TuskException failure;
            try {
                return attempt.run();
            } catch (TuskException e) {
                failure = e;
            }
            if (heard != null) {
                heard.accept(failure);
            }
            if (attemptNumber > policy.maxRetries() || !retryable.test(failure)) {
                throw withEarlier(failure, earlier);
            }
            Duration delay = policy.delayBefore(attemptNumber, random);
            long elapsed = nanoTime.getAsLong() - start;
            // Only sleep when an attempt could still start before the deadline; otherwise the wait is wasted.
            if (elapsed + delay.toNanos() >= budgetNanos || elapsed + delay.toNanos() < 0) {
                throw withEarlier(failure, earlier);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("Attempt {} failed, retrying in {} ms ({} of {} retries): {}: {}", attemptNumber,
                        delay.toMillis(), attemptNumber, policy.maxRetries(), failure.getClass().getSimpleName(),
                        failure.getMessage());
            }
            retries.increment();
            try {
                listener.retrying(attemptNumber, failure);
            } catch (RuntimeException e) {
                LOG.warn("A retry listener failed: {}", e.toString());
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw withEarlier(failure, earlier);
            }
            if (earlier == null) {
                earlier = new ArrayList<>(MAX_SUPPRESSED);
            }
            if (earlier.size() == MAX_SUPPRESSED) {
                earlier.removeFirst();
            }
            earlier.add(failure);
        }
    }

    private long budgetNanos(Duration callerTimeout) {
        long deadline = policy.deadline().toNanos();
        if (callerTimeout == null) {
            return deadline;
        }
        if (callerTimeout.isNegative()) {
            throw new IllegalArgumentException("callerTimeout must not be negative, but was " + callerTimeout);
        }
        return callerTimeout.compareTo(policy.deadline()) < 0 ? callerTimeout.toNanos() : deadline;
    }

    /** Attaches the most recent earlier failures, oldest first, so the log shows how the call got here. */
    private static TuskException withEarlier(TuskException last, List<TuskException> earlier) {
        if (earlier != null) {
            for (TuskException failure : earlier) {
                // The same instance thrown twice cannot suppress itself.
                if (failure != last) {
                    last.addSuppressed(failure);
                }
            }
        }
        return last;
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be set, but was null");
        }
        return value;
    }
}
