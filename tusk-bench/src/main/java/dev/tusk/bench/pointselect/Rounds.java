package dev.tusk.bench.pointselect;

import dev.tusk.bench.OtherCpu;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the clients of a macro benchmark in interleaved rounds: one warm-up round each, then measured rounds in which
 * the order of the clients rotates, so that drift on a shared machine hits every client alike.
 */
public final class Rounds {

    private Rounds() {
    }

    /** Work run after every measured round of all the clients, such as a reference client that is not interleaved. */
    @FunctionalInterface
    public interface AfterRound {
        /** Runs after measured round {@code round} (from 1) and adds what it measured to {@code report}. */
        void after(int round, PointSelectReport report) throws Exception;
    }

    /**
     * Runs a warm-up round of each client (unless the warm-up is zero), then {@code options.rounds()} measured rounds of
     * each, adding those to {@code report}; {@code otherCpu} (null for none) notes the CPU other processes took.
     */
    public static void run(PointSelectOptions options, List<? extends MeasuredClient> clients, OtherCpu otherCpu,
                           PointSelectReport report, PrintStream out, AfterRound afterRound) throws Exception {
        Workload workload = new Workload(options.workers(), options.threads(), options.accounts());
        if (!options.warmupDuration().isZero()) {
            for (MeasuredClient client : clients) {
                progress(out, "warm-up: " + client.name(), options.warmupDuration());
                out.println(measured(otherCpu, () -> workload.run(client, 0, options.warmupDuration())).describe());
            }
        }
        for (int round = 1; round <= options.rounds(); round++) {
            for (MeasuredClient client : orderOf(clients, round)) {
                progress(out, "round " + round + " of " + options.rounds() + ": " + client.name(), options.roundDuration());
                int number = round;
                RoundResult result = measured(otherCpu, () -> workload.run(client, number, options.roundDuration()));
                out.println(result.describe());
                report.add(result);
            }
            if (afterRound != null) {
                afterRound.after(round, report);
            }
        }
    }

    /**
     * The order of {@code clients} in round {@code round} (from 1): rotated by one place each round, so each client
     * runs first, second, ... in turn. For two clients that is ABBA (a, b / b, a / ...).
     */
    public static <T> List<T> orderOf(List<T> clients, int round) {
        int shift = Math.floorMod(round - 1, clients.size());
        List<T> order = new ArrayList<>(clients.size());
        order.addAll(clients.subList(shift, clients.size()));
        order.addAll(clients.subList(0, shift));
        return order;
    }

    /** The rotation as the plan prints it, e.g. {@code tusk, raw / raw, tusk}. */
    public static String describeRotation(List<? extends MeasuredClient> clients) {
        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= clients.size(); round++) {
            rounds.add(String.join(", ", orderOf(clients, round).stream().map(MeasuredClient::name).toList()));
        }
        return String.join(" / ", rounds);
    }

    /** Prints what is about to run and for how long, without a line break, so its result follows on the same line. */
    public static void progress(PrintStream out, String what, Duration duration) {
        out.printf(Locale.ROOT, "%-24s (%s) ", what, seconds(duration));
        out.flush();
    }

    /** {@code duration} as seconds, e.g. {@code 1.5 s}. */
    public static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    // Notes how much CPU other processes took while the round ran.
    private static RoundResult measured(OtherCpu otherCpu, Round round) throws Exception {
        OtherCpu.Watch watch = otherCpu == null ? null : otherCpu.watch();
        RoundResult result;
        try {
            result = round.run();
        } catch (Exception | Error e) {
            if (watch != null) {
                watch.end();
            }
            throw e;
        }
        return watch == null ? result : result.withOtherCpuPercent(watch.end());
    }

    /** One timed round of one client. */
    private interface Round {
        RoundResult run() throws Exception;
    }
}
