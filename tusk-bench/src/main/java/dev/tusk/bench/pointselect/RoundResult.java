package dev.tusk.bench.pointselect;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * What one client achieved in one round; latencies in microseconds, NaN where the client cannot report them
 * (pgbench gives no percentiles without per-transaction logs).
 *
 * @param client         the client's short name
 * @param round          the round number, 0 for warm-up
 * @param operations     queries completed
 * @param elapsedSeconds wall time from the workers' start to the last worker's end
 * @param p50Micros      median latency
 * @param p99Micros      99th percentile latency
 * @param meanMicros     mean latency
 * @param maxMicros      highest latency
 * @param bytesPerOperation bytes the workers allocated per query, client and driver together, or NaN if unknown
 * @param otherCpuPercent   share of the machine's CPU that processes other than the benchmark's used, or NaN
 */
public record RoundResult(String client, int round, long operations, double elapsedSeconds, double p50Micros,
                          double p99Micros, double meanMicros, double maxMicros, double bytesPerOperation,
                          double otherCpuPercent) {

    /** A result whose latencies, recorded in nanoseconds, are read from {@code latenciesNanos}. */
    public static RoundResult of(String client, int round, long operations, double elapsedSeconds, Histogram latenciesNanos,
                                 double bytesPerOperation) {
        return new RoundResult(client, round, operations, elapsedSeconds,
                latenciesNanos.getValueAtPercentile(50) / 1_000.0,
                latenciesNanos.getValueAtPercentile(99) / 1_000.0,
                latenciesNanos.getMean() / 1_000.0,
                latenciesNanos.getMaxValue() / 1_000.0,
                bytesPerOperation, Double.NaN);
    }

    /** A copy noting that other processes used {@code percent} of the machine's CPU during the round. */
    public RoundResult withOtherCpuPercent(double percent) {
        return new RoundResult(client, round, operations, elapsedSeconds, p50Micros, p99Micros, meanMicros, maxMicros,
                bytesPerOperation, percent);
    }

    /** Completed queries per second of wall time. */
    public double opsPerSecond() {
        return elapsedSeconds > 0 ? operations / elapsedSeconds : 0;
    }

    /** One line for progress output. */
    public String describe() {
        return String.format(Locale.ROOT,
                "%,8.0f ops/s  p50 %s us  p99 %s us  mean %s us  max %s us  alloc %s B/op  other CPU %s%%  (%,d ops in %.2f s)",
                opsPerSecond(), formatted(p50Micros), formatted(p99Micros), formatted(meanMicros), formatted(maxMicros),
                formatted(bytesPerOperation), formatted(otherCpuPercent), operations, elapsedSeconds);
    }

    /* A whole number with thousands separators, or n/a for NaN. */
    static String formatted(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
