package dev.tusk.bench.pointselect;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The measured rounds of every client and their medians; warm-up rounds are not part of it. */
public final class PointSelectReport {

    private final Map<String, List<RoundResult>> rounds = new LinkedHashMap<>();

    /** Adds one measured round. */
    public void add(RoundResult result) {
        rounds.computeIfAbsent(result.client(), client -> new ArrayList<>()).add(result);
    }

    /** The clients measured, in the order they first ran. */
    public List<String> clients() {
        return List.copyOf(rounds.keySet());
    }

    /** The medians across {@code client}'s measured rounds. */
    public ClientSummary summary(String client) {
        List<RoundResult> results = rounds.get(client);
        if (results == null) {
            throw new IllegalArgumentException("no rounds were measured for client " + client + "; measured: " + clients());
        }
        return new ClientSummary(client, List.copyOf(results),
                results.stream().mapToLong(RoundResult::operations).sum(),
                median(results, RoundResult::opsPerSecond),
                median(results, RoundResult::p50Micros),
                median(results, RoundResult::p99Micros),
                median(results, RoundResult::meanMicros),
                median(results, RoundResult::bytesPerOperation),
                median(results, RoundResult::otherCpuPercent));
    }

    /** Median ops/s of {@code numerator} divided by median ops/s of {@code denominator}. */
    public double ratio(String numerator, String denominator) {
        return summary(numerator).medianOpsPerSecond() / summary(denominator).medianOpsPerSecond();
    }

    /** The median of the per-round ratios, which cancels drift that affects both clients of a round alike. */
    public double medianPairedRatio(String numerator, String denominator) {
        List<RoundResult> top = rounds.get(numerator);
        List<RoundResult> bottom = rounds.get(denominator);
        int pairs = Math.min(top.size(), bottom.size());
        double[] ratios = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            ratios[i] = top.get(i).opsPerSecond() / bottom.get(i).opsPerSecond();
        }
        return median(ratios);
    }

    /** Prints the summary table and the ratios between the point-select clients that ran, and to pgbench when it ran. */
    public void print(PrintStream out) {
        printTable(out);
        printRatio(out, PointSelectOptions.TUSK, PointSelectOptions.TUSK_BARE);
        printRatio(out, PointSelectOptions.TUSK_METRICS, PointSelectOptions.TUSK);
        printRatio(out, PointSelectOptions.TUSK, PointSelectOptions.RAW);
        printRatio(out, PointSelectOptions.TUSK_BARE, PointSelectOptions.RAW);
        for (String client : PointSelectOptions.KNOWN_CLIENTS) {
            if (rounds.containsKey("pgbench") && rounds.containsKey(client)) {
                out.printf(Locale.ROOT, "  ratio %s/pgbench ops/s: %.3f%n", client, ratio(client, "pgbench"));
            }
        }
    }

    /** Prints the medians of every client, one line each, in the order they first ran. */
    public void printTable(PrintStream out) {
        out.println();
        int count = rounds.values().stream().mapToInt(List::size).max().orElse(0);
        out.println("summary: medians of " + count + " measured round(s) per client");
        out.printf(Locale.ROOT, "  %-9s %12s %9s %9s %9s %10s %10s %14s%n", "client", "ops/s", "p50 us", "p99 us",
                "mean us", "alloc B/op", "other CPU", "operations");
        for (String client : clients()) {
            ClientSummary summary = summary(client);
            out.printf(Locale.ROOT, "  %-9s %,12.0f %9s %9s %9s %10s %9s%% %,14d%n", client, summary.medianOpsPerSecond(),
                    RoundResult.formatted(summary.medianP50Micros()), RoundResult.formatted(summary.medianP99Micros()),
                    RoundResult.formatted(summary.medianMeanMicros()), RoundResult.formatted(summary.medianBytesPerOperation()),
                    RoundResult.formatted(summary.medianOtherCpuPercent()), summary.operations());
        }
    }

    /** Prints the ratio of {@code numerator}'s to {@code denominator}'s ops/s and the median per-round ratio, when both ran. */
    public void printRatio(PrintStream out, String numerator, String denominator) {
        if (rounds.containsKey(numerator) && rounds.containsKey(denominator)) {
            out.printf(Locale.ROOT, "  ratio %s/%s ops/s: %.3f (median of per-round ratios: %.3f)%n", numerator,
                    denominator, ratio(numerator, denominator), medianPairedRatio(numerator, denominator));
        }
    }

    private static double median(List<RoundResult> results, ToDoubleFunction<RoundResult> metric) {
        return median(results.stream().mapToDouble(metric).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * One client's medians across its measured rounds.
     *
     * @param client             the client's short name
     * @param rounds             its measured rounds in order
     * @param operations         queries completed over all measured rounds
     * @param medianOpsPerSecond median throughput
     * @param medianP50Micros    median of the rounds' median latencies
     * @param medianP99Micros    median of the rounds' 99th percentile latencies
     * @param medianMeanMicros   median of the rounds' mean latencies
     * @param medianBytesPerOperation median of the rounds' bytes allocated per query
     * @param medianOtherCpuPercent   median of the rounds' share of CPU taken by other processes
     */
    public record ClientSummary(String client, List<RoundResult> rounds, long operations, double medianOpsPerSecond,
                                double medianP50Micros, double medianP99Micros, double medianMeanMicros,
                                double medianBytesPerOperation, double medianOtherCpuPercent) {
    }
}
