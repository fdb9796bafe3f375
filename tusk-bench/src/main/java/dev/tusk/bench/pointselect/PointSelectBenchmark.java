package dev.tusk.bench.pointselect;

import dev.tusk.bench.MachineInfo;
import dev.tusk.bench.OtherCpu;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The point-select macro benchmark: Tusk's {@code queryValue} against raw HikariCP + PgJDBC on the same server and
 * data, in alternating rounds of one run, so that drift on a shared machine hits both clients alike.
 */
public final class PointSelectBenchmark {

    private PointSelectBenchmark() {
    }

    /** Runs the benchmark from command-line flags, against {@code DATABASE_URL} when it is set. */
    public static void main(String[] args) throws Exception {
        run(PointSelectOptions.parse(args, System.getenv("DATABASE_URL")), System.out);
    }

    /** Runs the whole benchmark described by {@code options}, printing progress to {@code out}, and returns the rounds. */
    public static PointSelectReport run(PointSelectOptions options, PrintStream out) throws Exception {
        out.println("Tusk point-select benchmark");
        out.println("  machine  : " + MachineInfo.machine());
        out.printf(Locale.ROOT, "  load     : %.2f (1-minute load average before the run)%n", MachineInfo.loadAverage());
        out.println("  JDK      : " + MachineInfo.jdk());
        try (BenchDatabase database = BenchDatabase.open(options, out)) {
            try (Connection connection = database.connect()) {
                out.println("  server   : PostgreSQL " + serverVersion(connection) + ", " + database.description());
                PgbenchTables.ensure(connection, options.accounts(), out);
            }
            printPlan(options, out);
            PgbenchReference pgbench = options.pgbenchPath() == null ? null : new PgbenchReference(
                    options.pgbenchPath(), database.config(), options.workers(), options.accounts());
            if (pgbench != null) {
                out.println("  reference: " + pgbench.commandLine(options.roundDuration()) + " after each pair of rounds");
            }
            PointSelectReport report = new PointSelectReport();
            try (TuskPointSelect tusk = new TuskPointSelect(database.config(), options.poolSize());
                 RawJdbcPointSelect raw = new RawJdbcPointSelect(database.config(), options.poolSize())) {
                OtherCpu otherCpu = database.isManaged() ? new OtherCpu(() -> ownProcesses(database)) : null;
                runRounds(options, List.of(tusk, raw), pgbench, otherCpu, report, out);
            }
            report.print(out);
            out.printf(Locale.ROOT, "  load after the run: %.2f (1-minute load average; it counts the run's own %d "
                    + "workers and their server backends, so it says little about other work)%n",
                    MachineInfo.loadAverage(), options.workers());
            return report;
        }
    }

    private static void runRounds(PointSelectOptions options, List<PointSelectClient> clients, PgbenchReference pgbench,
                                  OtherCpu otherCpu, PointSelectReport report, PrintStream out) throws Exception {
        Workload workload = new Workload(options.workers(), options.threads(), options.accounts());
        if (!options.warmupDuration().isZero()) {
            for (PointSelectClient client : clients) {
                progress(out, "warm-up: " + client.name(), options.warmupDuration());
                out.println(measured(otherCpu, () -> workload.run(client, 0, options.warmupDuration())).describe());
            }
        }
        for (int round = 1; round <= options.rounds(); round++) {
            // Odd rounds run the clients in order, even rounds in reverse (ABBA), so a steady drift on a shared
            // machine does not always favour whichever client runs first in a round.
            List<PointSelectClient> order = round % 2 == 1 ? clients : clients.reversed();
            for (PointSelectClient client : order) {
                progress(out, "round " + round + " of " + options.rounds() + ": " + client.name(), options.roundDuration());
                int number = round;
                RoundResult result = measured(otherCpu, () -> workload.run(client, number, options.roundDuration()));
                out.println(result.describe());
                report.add(result);
            }
            if (pgbench != null) {
                progress(out, "round " + round + " of " + options.rounds() + ": pgbench", options.roundDuration());
                RoundResult result = pgbench.run(round, options.roundDuration());
                out.println(result.describe());
                report.add(result);
            }
        }
    }

    // Notes how much CPU other processes took while the round ran; pgbench rounds are not metered, as pgbench and its
    // backends come and go within the round and could not be told apart from other processes.
    private static RoundResult measured(OtherCpu otherCpu, Round round) throws Exception {
        OtherCpu.Sample before = otherCpu == null ? null : otherCpu.sample();
        RoundResult result = round.run();
        return otherCpu == null ? result : result.withOtherCpuPercent(OtherCpu.percentBetween(before, otherCpu.sample()));
    }

    private static List<Long> ownProcesses(BenchDatabase database) {
        List<Long> own = new ArrayList<>(database.serverProcesses());
        own.add(ProcessHandle.current().pid());
        return own;
    }

    /** One timed round of one client. */
    private interface Round {
        RoundResult run() throws Exception;
    }

    private static void printPlan(PointSelectOptions options, PrintStream out) {
        out.println("  query    : " + PointSelectClient.SQL + " with a uniformly random aid");
        out.printf(Locale.ROOT, "  data     : %,d accounts (pgbench scale %s)%n", options.accounts(),
                options.accounts() % PointSelectOptions.ACCOUNTS_PER_SCALE == 0
                        ? String.valueOf(options.accounts() / PointSelectOptions.ACCOUNTS_PER_SCALE)
                        : String.format(Locale.ROOT, "%.2f", options.accounts() / (double) PointSelectOptions.ACCOUNTS_PER_SCALE));
        out.println("  clients  : tusk = TuskClient.queryValue; raw = HikariCP getConnection + PgJDBC prepareStatement/"
                + "setInt/executeQuery/getInt; each with a fixed pool of " + options.poolSize() + " connections, "
                + "the PgJDBC properties Tusk sends (JdbcProperties: statement_timeout option, ApplicationName, "
                + "logServerErrorDetail=false, ...) on both");
        out.println("  workers  : " + options.workers() + " " + options.threads().name().toLowerCase(Locale.ROOT)
                + " threads, back to back, no think time");
        out.println("  plan     : " + (options.warmupDuration().isZero() ? "no warm-up" : "warm-up " + seconds(options.warmupDuration())
                + " per client") + ", then " + options.rounds() + " round(s) of " + seconds(options.roundDuration())
                + " per client, alternating tusk, raw / raw, tusk" + (options.pgbenchPath() == null ? "" : ", then pgbench"));
    }

    private static void progress(PrintStream out, String what, Duration duration) {
        out.printf(Locale.ROOT, "%-24s (%s) ", what, seconds(duration));
        out.flush();
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
