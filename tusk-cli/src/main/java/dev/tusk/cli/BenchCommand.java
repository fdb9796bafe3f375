package dev.tusk.cli;

import dev.tusk.ProgressListener;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code tusk bench}: point-select and bulk load through Tusk and through raw PgJDBC, side by side in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures Tusk against raw HikariCP + PgJDBC on your database, in one run.",
                "point-select: W workers run SELECT abalance ... WHERE aid = ? over 100,000",
                "  accounts back to back through Tusk (its defaults, a pool of W) and through",
                "  HikariCP + PgJDBC (a pool of W, the JDBC properties Tusk sends), in",
                "  interleaved timed rounds; prints ops/s, p50/p99 and tusk/raw per round and",
                "  the median.",
                "bulk load: N rows through Tusk's binary COPY (client.copy().copyIn) and",
                "  through PgJDBC's CopyManager with CSV, each load verified by count and sums;",
                "  prints rows/s and tusk/raw per round and the median.",
                "Both work in a schema of their own (tusk_bench_...), dropped at the end.",
                "Uses the server the environment names (DATABASE_URL, POSTGRES_*, DB_*, PG*);",
                "otherwise starts an embedded PostgreSQL and stops it afterwards."})
final class BenchCommand implements Callable<Integer> {

    /** The accounts the point-select chooses from: pgbench's scale 1. */
    static final int ACCOUNTS = 100_000;

    /** The rows of the untimed bulk load each client does first, at most. */
    static final long WARMUP_ROWS = 20_000;

    /** The most rows a load may have: sum(id) fits a long and sum(score) stays exact in a double up to here. */
    static final long MAX_ROWS = 100_000_000;

    /** How long an interrupted run may take to drop its schema before the JVM halts anyway. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    /** The exit status of a run stopped by Ctrl-C, as shells report a program ended by SIGINT. */
    static final int INTERRUPTED = 130;

    /** The parts {@code --parts} chooses from. */
    enum Part {
        /** The point-select comparison. */
        POINT_SELECT("point-select"),
        /** The bulk-load comparison. */
        BULK_LOAD("bulk-load");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        /** The name {@code --parts} accepts. */
        String label() {
            return label;
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Option(names = "--parts", split = ",", paramLabel = "PART", converter = PartConverter.class,
            defaultValue = "point-select,bulk-load",
            description = "What to run, comma-separated: point-select, bulk-load. Default: ${DEFAULT-VALUE}.")
    private List<Part> parts;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Timed rounds of each client in each part, interleaved. Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Seconds each point-select round runs, per client. Default: ${DEFAULT-VALUE}.")
    private int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", paramLabel = "S",
            description = "Untimed point-select seconds per client before the rounds, and an untimed load of "
                    + "up to 20,000 rows each, to warm the JIT and the pools (0: neither). Default: ${DEFAULT-VALUE}.")
    private int warmupSeconds;

    @Option(names = "--workers", defaultValue = "8", paramLabel = "W",
            description = "Point-select workers, and the pool size of each client. Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--threads", defaultValue = "platform", paramLabel = "KIND",
            description = "The point-select workers' threads: platform or virtual. Default: ${DEFAULT-VALUE}.")
    private PointSelectBench.Threads threads;

    @Option(names = "--rows", defaultValue = "200000", paramLabel = "N",
            description = "Rows in each bulk load. Default: ${DEFAULT-VALUE}.")
    private long rows;

    /** Set by Ctrl-C (or any other orderly JVM shutdown): the run stops early but still drops its schema. */
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        validate();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C runs shutdown hooks and then halts: the hook stops the workers and waits for the schema to be
        // dropped and an embedded server stopped, so an interrupted run leaves nothing behind in the database.
        Thread hook = new Thread(() -> {
            cancelled.set(true);
            try {
                finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tusk-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run();
        } catch (Cancelled e) {
            // Said here, not by the failure handler: once finished is counted down the JVM may halt at any moment.
            PrintWriter err = spec.commandLine().getErr();
            err.println("tusk bench: interrupted; the figures of the rounds that finished are above");
            err.flush();
            return INTERRUPTED;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running the hook; it is about to exit anyway.
            }
        }
    }

    private int run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Set<Part> chosen = EnumSet.copyOf(parts);
        try (DatabaseTarget target = DatabaseTarget.open(tusk::environment, tusk.homeDirectory(), out)) {
            out.println("Database: " + target.description());
            String schema = "tusk_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try (TuskClient setup = Tusk.connect(target.config().toBuilder().applicationName("tusk-bench-setup")
                    .build())) {
                out.println("Server:   PostgreSQL " + setup.serverVersion().display());
                out.println("Schema:   " + schema + " (dropped at the end)");
                out.flush();
                setup.execute("CREATE SCHEMA " + schema);
                try {
                    if (chosen.contains(Part.POINT_SELECT)) {
                        pointSelect(target.config(), setup, schema, out);
                    }
                    if (chosen.contains(Part.BULK_LOAD)) {
                        bulkLoad(target.config(), setup, schema, out);
                    }
                } finally {
                    dropSchema(setup, schema, target.isEmbedded(), out);
                }
            }
            if (target.isEmbedded()) {
                out.println("Stopping the embedded PostgreSQL.");
            }
        }
        out.println("Done.");
        out.flush();
        return 0;
    }

    private void dropSchema(TuskClient setup, String schema, boolean embedded, PrintWriter out) {
        if (embedded && cancelled.get()) {
            // The embedded server stops itself on Ctrl-C, in its own shutdown hook, and deletes its data with it.
            return;
        }
        try {
            setup.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (RuntimeException e) {
            if (!cancelled.get()) {
                throw e;
            }
            // Saying so matters more than the exception, which would otherwise hide the interruption.
            spec.commandLine().getErr().println("tusk bench: could not drop schema " + schema + " after the interrupt: "
                    + e.getMessage());
            return;
        }
        out.println();
        out.println("Dropped schema " + schema + ".");
        out.flush();
    }

    private void stopIfCancelled() {
        if (cancelled.get()) {
            throw new Cancelled();
        }
    }

    /** Unwinds an interrupted run through the finally blocks that drop the schema and close the clients. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("interrupted", null, false, false);
        }
    }

    private void validate() {
        atLeast("--rounds", rounds, 1);
        atLeast("--seconds", seconds, 1);
        atLeast("--warmup-seconds", warmupSeconds, 0);
        atLeast("--workers", workers, 1);
        if (workers > 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--workers must be at most 1000 (each worker holds a connection), but was " + workers);
        }
        atLeast("--rows", rows, 1);
        if (rows > MAX_ROWS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rows must be at most " + MAX_ROWS + " (the check sums stay exact up to there), but was " + rows);
        }
    }

    private void atLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be at least " + minimum + ", but was " + value);
        }
    }

    private void pointSelect(TuskConfig config, TuskClient setup, String schema, PrintWriter out) throws Exception {
        String table = schema + ".accounts";
        String sql = "SELECT abalance FROM " + table + " WHERE aid = ?";
        out.println();
        out.printf(Locale.ROOT, "Point-select: %s, %d workers on %s threads, pool of %d per client, %d round(s) of "
                + "%d s per client%n", sql, workers, threads.name().toLowerCase(Locale.ROOT), workers, rounds, seconds);
        out.printf(Locale.ROOT, "  creating %,d accounts...", ACCOUNTS);
        out.flush();
        long began = System.nanoTime();
        setup.execute("CREATE TABLE " + table + " (aid int NOT NULL, bid int, abalance int, filler char(84)) "
                + "WITH (fillfactor = 100)");
        setup.execute("INSERT INTO " + table + " (aid, bid, abalance, filler) SELECT aid, 1, aid % 1000, '' "
                + "FROM generate_series(1, " + ACCOUNTS + ") AS aid");
        setup.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (aid)");
        setup.execute("ANALYZE " + table);
        out.printf(Locale.ROOT, " done in %.1f s%n", (System.nanoTime() - began) / 1e9);
        out.flush();

        PointSelectBench bench = new PointSelectBench(workers, threads, ACCOUNTS, cancelled::get);
        List<PointSelectBench.Round> tuskRounds = new ArrayList<>();
        List<PointSelectBench.Round> rawRounds = new ArrayList<>();
        try (PointSelectBench.Client tuskClient = PointSelectBench.tusk(config, sql, workers);
             PointSelectBench.Client rawClient = PointSelectBench.raw(config, sql, workers)) {
            if (warmupSeconds > 0) {
                for (PointSelectBench.Client client : List.of(tuskClient, rawClient)) {
                    out.printf(Locale.ROOT, "  warm-up %-4s %d s...", client.name(), warmupSeconds);
                    out.flush();
                    PointSelectBench.Round warm = bench.run(client, 0, Duration.ofSeconds(warmupSeconds));
                    stopIfCancelled();
                    out.printf(Locale.ROOT, " %,.0f ops/s (not counted)%n", warm.opsPerSecond());
                    out.flush();
                }
            }
            for (int round = 1; round <= rounds; round++) {
                // Alternate who goes first, so a drift in the machine's speed does not favour one client.
                List<PointSelectBench.Client> order = round % 2 == 1 ? List.of(tuskClient, rawClient)
                        : List.of(rawClient, tuskClient);
                for (PointSelectBench.Client client : order) {
                    out.printf(Locale.ROOT, "  round %d/%d %-4s %d s...", round, rounds, client.name(), seconds);
                    out.flush();
                    PointSelectBench.Round result = bench.run(client, round, Duration.ofSeconds(seconds));
                    stopIfCancelled();
                    out.printf(Locale.ROOT, " %,10.0f ops/s  p50 %,6d µs  p99 %,6d µs%n", result.opsPerSecond(),
                            micros(result.latencies().percentileNanos(50)),
                            micros(result.latencies().percentileNanos(99)));
                    out.flush();
                    (client == tuskClient ? tuskRounds : rawRounds).add(result);
                }
                out.printf(Locale.ROOT, "  round %d/%d tusk/raw %.2f%n", round, rounds,
                        tuskRounds.getLast().opsPerSecond() / rawRounds.getLast().opsPerSecond());
                out.flush();
            }
        }
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = tuskRounds.get(i).opsPerSecond() / rawRounds.get(i).opsPerSecond();
        }
        out.println("  Point-select summary (ops/s: median of the rounds; p50/p99: all rounds together)");
        out.printf(Locale.ROOT, "    %-38s %12s %9s %9s%n", "client", "ops/s", "p50 µs", "p99 µs");
        summaryLine(out, "tusk  Tusk, defaults", tuskRounds);
        summaryLine(out, "raw   HikariCP + PgJDBC", rawRounds);
        out.printf(Locale.ROOT, "    tusk/raw per round: %s; median %.2f%n", joined(ratios), median(ratios));
        out.flush();
        setup.execute("DROP TABLE " + table);
    }

    private static void summaryLine(PrintWriter out, String label, List<PointSelectBench.Round> rounds) {
        LatencyHistogram all = new LatencyHistogram();
        double[] throughput = new double[rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            all.add(rounds.get(i).latencies());
            throughput[i] = rounds.get(i).opsPerSecond();
        }
        out.printf(Locale.ROOT, "    %-38s %,12.0f %,9d %,9d%n", label, median(throughput),
                micros(all.percentileNanos(50)), micros(all.percentileNanos(99)));
    }

    private void bulkLoad(TuskConfig config, TuskClient setup, String schema, PrintWriter out) throws Exception {
        String table = schema + ".bulk_rows";
        out.println();
        out.printf(Locale.ROOT, "Bulk load: %,d rows (id bigint, name text, score float8, created_at timestamptz) "
                + "per load, %d round(s), interleaved%n", rows, rounds);
        out.println("  tusk: client.copy().copyIn(...), binary COPY; raw: PgJDBC CopyManager.copyIn, CSV");
        out.flush();
        setup.execute(BulkLoadBench.createTable(table));
        BulkLoadBench bench = new BulkLoadBench(table, rows);
        double[] tuskRates = new double[rounds];
        double[] rawRates = new double[rounds];
        double[] ratios = new double[rounds];
        // Each side keeps its connection open for the whole part, as an application's pool would.
        try (TuskClient tuskClient = Tusk.connect(config.toBuilder().applicationName("tusk-bench-tusk").build());
             Connection raw = DriverManager.getConnection(config.jdbcUrl(),
                     config.toBuilder().applicationName("tusk-bench-raw").build().jdbcProperties())) {
            raw.setAutoCommit(true);
            if (warmupSeconds > 0) {
                // One untimed load each, so the first timed round does not pay for class loading and the JIT.
                BulkLoadBench warm = new BulkLoadBench(table, Math.min(rows, WARMUP_ROWS));
                out.printf(Locale.ROOT, "  warm-up: %,d rows through each client...", Math.min(rows, WARMUP_ROWS));
                out.flush();
                warm.truncate(setup);
                warm.tusk(tuskClient, ProgressListener.NONE);
                warm.verify(setup, "tusk");
                warm.truncate(setup);
                warm.raw(raw, ProgressListener.NONE);
                warm.verify(setup, "raw");
                out.println(" done (not counted)");
                out.flush();
            }
            for (int round = 1; round <= rounds; round++) {
                for (String client : round % 2 == 1 ? List.of("tusk", "raw") : List.of("raw", "tusk")) {
                    stopIfCancelled();
                    bench.truncate(setup);
                    String label = String.format(Locale.ROOT, "  round %d/%d %-4s", round, rounds, client);
                    BulkLoadBench.Load load;
                    try (ProgressDisplay progress = ProgressDisplay.forRows(out, tusk.terminal(), label.stripTrailing(),
                            rows, System::nanoTime)) {
                        load = client.equals("tusk") ? bench.tusk(tuskClient, progress) : bench.raw(raw, progress);
                    }
                    String verified = bench.verify(setup, client);
                    out.printf(Locale.ROOT, "%s %,d rows in %.2f s: %,10.0f rows/s, verified (%s)%n", label,
                            load.rows(), load.seconds(), load.rowsPerSecond(), verified);
                    out.flush();
                    (client.equals("tusk") ? tuskRates : rawRates)[round - 1] = load.rowsPerSecond();
                }
                ratios[round - 1] = tuskRates[round - 1] / rawRates[round - 1];
                out.printf(Locale.ROOT, "  round %d/%d tusk/raw %.2f%n", round, rounds, ratios[round - 1]);
                out.flush();
            }
        }
        out.println("  Bulk load summary (rows/s: median of the rounds)");
        out.printf(Locale.ROOT, "    %-38s %,12.0f%n", "tusk  binary COPY", median(tuskRates));
        out.printf(Locale.ROOT, "    %-38s %,12.0f%n", "raw   PgJDBC CopyManager, CSV", median(rawRates));
        out.printf(Locale.ROOT, "    tusk/raw per round: %s; median %.2f%n", joined(ratios), median(ratios));
        out.flush();
        setup.execute("DROP TABLE " + table);
    }

    private static long micros(long nanos) {
        return Math.round(nanos / 1000.0);
    }

    /** The median of {@code values}: the middle one, or the mean of the middle two. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String joined(double[] ratios) {
        List<String> texts = new ArrayList<>();
        for (double ratio : ratios) {
            texts.add(String.format(Locale.ROOT, "%.2f", ratio));
        }
        return String.join(" ", texts);
    }

    /** Reads a part by the name {@code --parts} shows, naming the accepted ones when it is not one. */
    static final class PartConverter implements CommandLine.ITypeConverter<Part> {
        @Override
        public Part convert(String text) {
            for (Part part : Part.values()) {
                if (part.label().equalsIgnoreCase(text.trim())) {
                    return part;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "expected point-select or bulk-load, but was '" + text + "'");
        }
    }
}
