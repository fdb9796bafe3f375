package dev.tusk.bench.pointselect;

import dev.tusk.config.TuskConfig;

import dev.tusk.bench.MachineInfo;
import dev.tusk.bench.OtherCpu;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The point-select macro benchmark: Tusk's {@code queryValue}, with its resilience layer on and (optionally) off,
 * against raw HikariCP + PgJDBC on the same server and data, in interleaved rounds of one run, so that drift on a
 * shared machine hits every client alike.
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
                out.println("  server   : PostgreSQL " + BenchDatabase.serverVersion(connection) + ", " + database.description());
                PgbenchTables.ensure(connection, options.accounts(), out);
            }
            PgbenchReference pgbench = options.pgbenchPath() == null ? null : new PgbenchReference(
                    options.pgbenchPath(), database.config(), options.workers(), options.accounts());
            PointSelectReport report = new PointSelectReport();
            List<PointSelectClient> clients = new ArrayList<>();
            try {
                for (String name : options.clients()) {
                    clients.add(open(name, database, options));
                }
                OtherCpu otherCpu = database.isManaged() ? new OtherCpu(() -> ownProcesses(database)) : null;
                printPlan(options, clients, out);
                if (pgbench != null) {
                    out.println("  reference: " + pgbench.commandLine(options.roundDuration()) + " after each round of the clients");
                }
                // pgbench rounds are not metered for other CPU: pgbench and its backends come and go within the round
                // and could not be told apart from other processes.
                Rounds.run(options, clients, otherCpu, report, out, pgbench == null ? null : (round, results) -> {
                    Rounds.progress(out, "round " + round + " of " + options.rounds() + ": pgbench", options.roundDuration());
                    RoundResult result = pgbench.run(round, options.roundDuration());
                    out.println(result.describe());
                    results.add(result);
                });
            } finally {
                clients.forEach(PointSelectClient::close);
            }
            report.print(out);
            out.printf(Locale.ROOT, "  load after the run: %.2f (1-minute load average; it counts the run's own %d "
                    + "workers and their server backends, so it says little about other work)%n",
                    MachineInfo.loadAverage(), options.workers());
            return report;
        }
    }

    /** Opens the client called {@code name}; every pool stays open for the whole run. */
    private static PointSelectClient open(String name, BenchDatabase database, PointSelectOptions options) {
        // The raw client sends the PgJDBC properties of this config, so a statement timeout set here reaches both.
        TuskConfig shared = options.statementTimeoutMillis() < 0 ? database.config() : database.config().toBuilder()
                .statementTimeout(java.time.Duration.ofMillis(options.statementTimeoutMillis())).build();
        TuskConfig tusk = options.tuskMaxQueriesPerConnection() < 0 ? shared
                : shared.toBuilder().maxQueriesPerConnection(options.tuskMaxQueriesPerConnection()).build();
        return switch (name) {
            case PointSelectOptions.TUSK -> new TuskPointSelect(tusk, options.poolSize(), true);
            case PointSelectOptions.TUSK_BARE -> new TuskPointSelect(tusk, options.poolSize(), false);
            case PointSelectOptions.TUSK_METRICS -> TuskPointSelect.withMetrics(tusk, options.poolSize());
            case PointSelectOptions.RAW -> new RawJdbcPointSelect(shared, options.poolSize());
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    private static List<Long> ownProcesses(BenchDatabase database) {
        List<Long> own = new ArrayList<>(database.serverProcesses());
        own.add(ProcessHandle.current().pid());
        return own;
    }

    private static void printPlan(PointSelectOptions options, List<PointSelectClient> clients, PrintStream out) {
        out.println("  query    : " + PointSelectClient.SQL + " with a uniformly random aid");
        out.printf(Locale.ROOT, "  data     : %,d accounts (pgbench scale %s)%n", options.accounts(),
                options.accounts() % PointSelectOptions.ACCOUNTS_PER_SCALE == 0
                        ? String.valueOf(options.accounts() / PointSelectOptions.ACCOUNTS_PER_SCALE)
                        : String.format(Locale.ROOT, "%.2f", options.accounts() / (double) PointSelectOptions.ACCOUNTS_PER_SCALE));
        out.println("  clients  : tusk = TuskClient.queryValue with its defaults (retry and circuit breaker on); "
                + "tusk-bare = the same with maxRetries=0 and circuitBreakerThreshold=0; tusk-metrics = tusk with TuskMetrics bound to a Prometheus registry (tusk runs with metricsEnabled=false); raw = HikariCP getConnection "
                + "+ PgJDBC prepareStatement/setInt/executeQuery/getInt; measured: " + String.join(", ", options.clients())
                + (options.tuskMaxQueriesPerConnection() < 0 ? ""
                        : "; Tusk clients with maxQueriesPerConnection=" + options.tuskMaxQueriesPerConnection())
                + "; each with a fixed pool of " + options.poolSize() + " connections, the PgJDBC properties Tusk sends "
                + "(JdbcProperties: statement_timeout option, ApplicationName, logServerErrorDetail=false, ...) on all");
        out.println("  workers  : " + options.workers() + " " + options.threads().name().toLowerCase(Locale.ROOT)
                + " threads, back to back, no think time");
        out.println("  plan     : " + (options.warmupDuration().isZero() ? "no warm-up" : "warm-up " + Rounds.seconds(options.warmupDuration())
                + " per client") + ", then " + options.rounds() + " round(s) of " + Rounds.seconds(options.roundDuration())
                + " per client, the order rotating: " + Rounds.describeRotation(clients)
                + (options.pgbenchPath() == null ? "" : "; then pgbench"));
    }
}
