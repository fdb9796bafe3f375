package dev.tusk.http.internal;

import dev.tusk.pool.PoolStats;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pool's recent use, sampled at a fixed period into a bounded ring, so that a dashboard opened now still shows the
 * last minutes. Sampling reads the pool's counters only and never touches the database.
 */
public final class PoolHistory {

    /** One sample: when, how full, how many busy and waiting, and the acquire-time percentiles then. */
    public record Sample(long epochMillis, double utilizationPercent, int active, int idle, int waiting,
                         double acquireP50Millis, double acquireP99Millis) {
    }

    private final Supplier<PoolStats> stats;
    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<Sample> samples;

    /** A history of at most {@code capacity} samples read from {@code stats}, timed by {@code clock}. */
    public PoolHistory(Supplier<PoolStats> stats, Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.stats = stats;
        this.clock = clock;
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    /** Takes one sample, dropping the oldest when full; a pool that cannot report (closed) is skipped. */
    public void sample() {
        PoolStats now;
        try {
            now = stats.get();
        } catch (RuntimeException closed) {
            return;
        }
        Sample sample = new Sample(clock.millis(), now.utilizationPercent(), now.active(), now.idle(), now.waiting(),
                Json.millis(now.acquireTimeP50()), Json.millis(now.acquireTimeP99()));
        synchronized (samples) {
            if (samples.size() == capacity) {
                samples.removeFirst();
            }
            samples.addLast(sample);
        }
    }

    /** The samples, oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
