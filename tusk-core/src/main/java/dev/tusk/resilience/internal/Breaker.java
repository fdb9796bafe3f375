package dev.tusk.resilience.internal;

import dev.tusk.CircuitOpenException;
import dev.tusk.config.TuskConfig;
import dev.tusk.resilience.CircuitBreakerStatus;
import dev.tusk.resilience.CircuitState;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The circuit breaker: opens after {@code threshold} consecutive connection-class failures, refuses calls at once
 * while open, and after {@code openDuration} (or as soon as the pool reaches the server) lets one trial call through.
 * Resilience4j runs the state machine. Every {@link #acquirePermission()} must be followed by exactly one of
 * {@link #onSuccess}, {@link #onFailure} or {@link #releasePermission()}, or a half-open breaker stays shut.
 */
public final class Breaker {

    private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

    /** Trial calls in the half-open state: one, so one success closes and one failure re-opens, exactly. */
    public static final int PROBE_CALLS = 1;

    /** The shortest open duration Resilience4j accepts. */
    public static final Duration MIN_OPEN_DURATION = Duration.ofMillis(1);

    private static final Breaker DISABLED = new Breaker();

    private final String name;
    private final int threshold;
    private final Duration openDuration;
    private final Clock clock;
    private final CircuitBreaker circuit;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<CircuitBreaker.State> lastSeen = new AtomicReference<>(CircuitBreaker.State.CLOSED);
    private final AtomicLong timesOpened = new AtomicLong();
    private volatile Instant probeAt;
    private volatile Throwable lastFailure;
    private volatile TransitionListener transitions = (from, to) -> { };

    private Breaker() {
        this.name = "disabled";
        this.threshold = 0;
        this.openDuration = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.circuit = null;
    }

    private Breaker(String name, int threshold, Duration openDuration, Clock clock) {
        this.name = name;
        this.threshold = threshold;
        this.openDuration = openDuration;
        this.clock = clock;
        this.circuit = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindow(threshold, threshold, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                // A window of N calls, all of which must fail, is N consecutive failures. Resilience4j computes the
                // rate as failed * 100f / total, which for N >= 671,089 rounds below 100 and would never open; the
                // threshold is that same expression, so N failures out of N always reach it and N-1 never do.
                .failureRateThreshold(Math.min(100f, threshold * 100.0f / threshold))
                // Slowness is the pool's and the statement timeout's business, not the breaker's.
                .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE))
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(PROBE_CALLS)
                // Its refusals become CircuitOpenException, so their stack traces would only cost time.
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build());
    }

    /** A breaker named {@code name} (for logs) on {@code clock}, validated at once. */
    public static Breaker of(String name, int threshold, Duration openDuration, Clock clock) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must be set, but was " + (name == null ? "null" : "blank"));
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, but was " + threshold);
        }
        if (openDuration == null || openDuration.compareTo(MIN_OPEN_DURATION) < 0) {
            throw new IllegalArgumentException("openDuration must be at least " + MIN_OPEN_DURATION + ", but was "
                    + openDuration);
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock must be set, but was null");
        }
        return new Breaker(name, threshold, openDuration, clock);
    }

    /** The breaker {@code config}'s circuitBreakerThreshold and circuitBreakerTimeout describe, on the UTC clock. */
    public static Breaker from(String name, TuskConfig config) {
        return of(name, config.circuitBreakerThreshold(), config.circuitBreakerTimeout(), Clock.systemUTC());
    }

    /** A breaker that permits everything and records nothing, for when the breaker is turned off. */
    public static Breaker disabled() {
        return DISABLED;
    }

    /** Hears each change of the breaker's state. */
    @FunctionalInterface
    public interface TransitionListener {
        /** Called once per transition, on the thread that caused it; must not throw. */
        void changed(CircuitState from, CircuitState to);
    }

    /** Makes {@code listener} hear every transition from now on; returns this breaker. */
    public Breaker onTransition(TransitionListener listener) {
        this.transitions = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    private static CircuitState stateOf(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    /** Lets the call through, or throws {@link CircuitOpenException} saying why the breaker is open and until when. */
    public void acquirePermission() {
        if (circuit == null) {
            return;
        }
        try {
            circuit.acquirePermission();
        } catch (CallNotPermittedException refused) {
            observe();
            throw refusal();
        }
        if (lastSeen.get() != CircuitBreaker.State.CLOSED) {
            // This call may be the one that moved an expired open breaker to half-open.
            observe();
        }
    }

    /** Records that a permitted call succeeded after {@code durationNanos}. */
    public void onSuccess(long durationNanos) {
        if (circuit == null) {
            return;
        }
        // A success only matters to end a run of failures or to judge a trial call. Skipping the rest keeps the
        // hot path free of Resilience4j's window lock and snapshot allocation; the window still sees every run
        // of failures followed by the success that ended it, which is all "consecutive" needs.
        if (consecutiveFailures.get() == 0 && circuit.getState() == CircuitBreaker.State.CLOSED) {
            return;
        }
        consecutiveFailures.set(0);
        circuit.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        observe();
    }

    /**
     * Records that a permitted call failed: a connection-class failure counts towards opening; one that shows the
     * server answered (a syntax error, a constraint) counts as a success; anything else gives no verdict.
     */
    public void onFailure(long durationNanos, Throwable failure) {
        if (circuit == null) {
            return;
        }
        if (Failures.countsForBreaker(failure)) {
            lastFailure = failure;
            consecutiveFailures.incrementAndGet();
            circuit.onError(durationNanos, TimeUnit.NANOSECONDS, failure);
            observe();
        } else if (Failures.serverAnswered(failure)) {
            onSuccess(durationNanos);
        } else {
            releasePermission();
        }
    }

    /** Returns the permission of a call that ended without saying anything about the server (e.g. it was cancelled). */
    public void releasePermission() {
        if (circuit != null) {
            circuit.releasePermission();
        }
    }

    /** Tells the breaker the pool just opened a connection: an open breaker half-opens at once instead of waiting. */
    public void serverReachable() {
        if (circuit == null || circuit.getState() != CircuitBreaker.State.OPEN) {
            return;
        }
        // Serialised so that two connections opening together do not both reset the half-open trial.
        synchronized (this) {
            if (circuit.getState() == CircuitBreaker.State.OPEN) {
                circuit.transitionToHalfOpenState();
            }
        }
        observe();
    }

    /** The breaker's state now. */
    public CircuitBreakerStatus status() {
        if (circuit == null) {
            return CircuitBreakerStatus.CLOSED_CLEAN;
        }
        CircuitState state = switch (circuit.getState()) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
        Throwable last = lastFailure;
        Instant probe = state == CircuitState.OPEN ? probeTime(false) : null;
        return new CircuitBreakerStatus(state, consecutiveFailures.get(), probe, timesOpened.get(),
                last == null ? null : describe(last));
    }

    /**
     * Notices a change of state since the last look and logs it once; the thread whose compare-and-set wins logs.
     * Two transitions between looks (open, half-open, open again) are seen as none: rare, and only the log and
     * {@code timesOpened} miss it, never the state machine.
     */
    private void observe() {
        CircuitBreaker.State now = circuit.getState();
        CircuitBreaker.State seen = lastSeen.get();
        if (now == seen || !lastSeen.compareAndSet(seen, now)) {
            return;
        }
        try {
            transitions.changed(stateOf(seen), stateOf(now));
        } catch (RuntimeException e) {
            LOG.warn("A circuit-breaker transition listener failed: {}", e.toString());
        }
        switch (now) {
            case OPEN -> {
                timesOpened.incrementAndGet();
                Instant at = clock.instant().plus(openDuration);
                probeAt = at;
                LOG.warn("Circuit breaker '{}' opened after {} consecutive connection failures (last: {}); calls are"
                        + " refused until a trial call at {} (in {})", name, threshold, describe(lastFailure), at,
                        seconds(openDuration));
            }
            case HALF_OPEN -> LOG.info("Circuit breaker '{}' is half-open: letting a trial call through", name);
            case CLOSED -> LOG.info("Circuit breaker '{}' closed: the trial call succeeded", name);
            default -> LOG.info("Circuit breaker '{}' is now {}", name, now);
        }
    }

    private CircuitOpenException refusal() {
        Throwable last = lastFailure;
        Instant now = clock.instant();
        if (circuit.getState() == CircuitBreaker.State.HALF_OPEN) {
            return new CircuitOpenException("Circuit breaker '" + name + "' is half-open after " + threshold
                    + " consecutive connection failures and its trial call is still running (last failure: "
                    + describe(last) + "); try again shortly", last, now);
        }
        Instant at = probeTime(true);
        return new CircuitOpenException("Circuit breaker '" + name + "' is open after " + threshold
                + " consecutive connection failures (last failure: " + describe(last) + "); it will let a trial call"
                + " through at " + at + " (in " + seconds(Duration.between(now, at)) + ")", last, at);
    }

    /**
     * When the open breaker will probe. A refusal proves the probe time is still ahead, so one in the past means a
     * re-opening went unobserved; then, as when none is known, the latest it can be.
     */
    private Instant probeTime(boolean refused) {
        Instant at = probeAt;
        Instant now = clock.instant();
        return at == null || (refused && at.isBefore(now)) ? now.plus(openDuration) : at;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, duration.toMillis()) / 1000.0);
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "none recorded";
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
