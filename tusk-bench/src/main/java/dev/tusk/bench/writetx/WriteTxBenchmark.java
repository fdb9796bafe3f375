package dev.tusk.bench.writetx;

import dev.tusk.bench.MachineInfo;
import dev.tusk.bench.OtherCpu;
import dev.tusk.bench.pointselect.BenchDatabase;
import dev.tusk.bench.pointselect.PgbenchTables;
import dev.tusk.bench.pointselect.PointSelectOptions;
import dev.tusk.bench.pointselect.PointSelectReport;
import dev.tusk.bench.pointselect.Rounds;

import java.io.PrintStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write-tx macro benchmark: a one-statement read-write transaction through Tusk's {@code inTransaction}, against
 * raw HikariCP + PgJDBC with and without the transaction-id query Tusk sends along the first write, in interleaved rounds of
 * one run. raw+xid/raw is what resolving lost COMMITs costs; tusk/raw+xid is the rest of Tusk.
 */
public final class WriteTxBenchmark {

    private WriteTxBenchmark() {
    }

    /** Runs the benchmark from command-line flags, against {@code DATABASE_URL} when it is set. */
    public static void main(String[] args) throws Exception {
        run(WriteTxOptions.parse(args, System.getenv("DATABASE_URL")), System.out);
    }

    /** Runs the whole benchmark described by {@code options}, printing progress to {@code out}, and returns the rounds. */
    public static PointSelectReport run(WriteTxOptions options, PrintStream out) throws Exception {
        PointSelectOptions shape = options.shape();
        out.println("Tusk write-tx benchmark");
        out.println("  machine  : " + MachineInfo.machine());
        out.printf(Locale.ROOT, "  load     : %.2f (1-minute load average before the run)%n", MachineInfo.loadAverage());
        out.println("  JDK      : " + MachineInfo.jdk());
        try (BenchDatabase database = BenchDatabase.open(shape.databaseUrl(), shape.postgresVersion(),
                options.serverSettings(), out)) {
            try (Connection connection = database.connect()) {
                out.println("  server   : PostgreSQL " + BenchDatabase.serverVersion(connection) + ", " + database.description());
                out.println("  durability: fsync=" + BenchDatabase.show(connection, "fsync") + ", synchronous_commit="
                        + BenchDatabase.show(connection, "synchronous_commit") + ", full_page_writes="
                        + BenchDatabase.show(connection, "full_page_writes") + ", wal_sync_method="
                        + BenchDatabase.show(connection, "wal_sync_method"));
                PgbenchTables.ensure(connection, shape.accounts(), out);
            }
            PointSelectReport report = new PointSelectReport();
            List<WriteTxClient> clients = new ArrayList<>();
            try {
                clients.add(new TuskWriteTx(database.config(), shape.poolSize()));
                clients.add(new RawJdbcWriteTx(database.config(), shape.poolSize(), false));
                clients.add(new RawJdbcWriteTx(database.config(), shape.poolSize(), true));
                printPlan(shape, clients, out);
                OtherCpu otherCpu = database.isManaged() ? new OtherCpu(() -> ownProcesses(database)) : null;
                Rounds.run(shape, clients, otherCpu, report, out, null);
            } finally {
                clients.forEach(WriteTxClient::close);
            }
            report.printTable(out);
            report.printRatio(out, WriteTxClient.RAW_XID, WriteTxClient.RAW);
            report.printRatio(out, WriteTxClient.TUSK, WriteTxClient.RAW_XID);
            report.printRatio(out, WriteTxClient.TUSK, WriteTxClient.RAW);
            out.printf(Locale.ROOT, "  load after the run: %.2f (1-minute load average; it counts the run's own %d "
                    + "workers and their server backends, so it says little about other work)%n",
                    MachineInfo.loadAverage(), shape.workers());
            return report;
        }
    }

    private static List<Long> ownProcesses(BenchDatabase database) {
        List<Long> own = new ArrayList<>(database.serverProcesses());
        own.add(ProcessHandle.current().pid());
        return own;
    }

    private static void printPlan(PointSelectOptions shape, List<WriteTxClient> clients, PrintStream out) {
        out.println("  statement: " + WriteTxClient.UPDATE_SQL + " with delta " + WriteTxClient.DELTA
                + " and a uniformly random aid, one per transaction");
        out.printf(Locale.ROOT, "  data     : %,d accounts%n", shape.accounts());
        out.println("  clients  : tusk = TuskClient.inTransaction(tx -> tx.execute(...)) with its defaults (the "
                + "transaction id rides along the UPDATE); raw = HikariCP getConnection, setAutoCommit(false), "
                + "prepareStatement/executeUpdate, commit; raw+xid = raw with " + WriteTxClient.TRANSACTION_ID_SQL
                + " sent after the UPDATE in the same prepared statement; each with a fixed pool of " + shape.poolSize() + " connections and the PgJDBC "
                + "properties Tusk sends");
        out.println("  workers  : " + shape.workers() + " " + shape.threads().name().toLowerCase(Locale.ROOT)
                + " threads, back to back, no think time");
        out.println("  plan     : " + (shape.warmupDuration().isZero() ? "no warm-up" : "warm-up " + Rounds.seconds(shape.warmupDuration())
                + " per client") + ", then " + shape.rounds() + " round(s) of " + Rounds.seconds(shape.roundDuration())
                + " per client, the order rotating: " + Rounds.describeRotation(clients));
    }
}
