package dev.tusk.bench.bulk;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.bench.MachineInfo;
import dev.tusk.bench.bulk.BulkOptions.Part;
import dev.tusk.bench.pointselect.BenchDatabase;
import dev.tusk.config.TuskConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** The {@code bulk-load} macro benchmark: COPY in against its peers, bulkInsert, COPY out, and the heap check. */
public final class BulkLoadBenchmark {

    private BulkLoadBenchmark() {
    }

    /**
     * Everything one run measured; a part that was not run is null.
     *
     * @param copyIn     the COPY-in comparison
     * @param bulkInsert bulkInsert against the JDBC batch, per size
     * @param copyOut    COPY out against the JDBC SELECT
     * @param heap       the heap check's summary
     */
    public record Report(CopyInResult copyIn, List<BulkInsertBenchmark.SizeResult> bulkInsert,
                         CopyOutBenchmark.Result copyOut, HeapCheck.Summary heap) {
    }

    /** Runs from the command line: flags as {@link BulkOptions#parse}, the database from {@code DATABASE_URL}. */
    public static void main(String[] args) throws Exception {
        run(BulkOptions.parse(args, System.getenv("DATABASE_URL")), System.out);
    }

    /** Runs the parts {@code options} names, printing progress and tables to {@code out}. */
    public static Report run(BulkOptions options, PrintStream out) throws Exception {
        out.println("tusk-bench bulk-load on " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        out.println("machine: " + MachineInfo.machine());
        out.println("jdk: " + MachineInfo.jdk());
        out.println(String.format(Locale.ROOT, "load average (1 min) before the run: %.2f", MachineInfo.loadAverage()));
        out.println("options: " + options);
        try (BenchDatabase database = BenchDatabase.open(options.databaseUrl(), options.postgresVersion(), out)) {
            TuskConfig config = database.config();
            Properties batchProperties = config.jdbcProperties();
            batchProperties.setProperty("reWriteBatchedInserts", "true");
            Path binaryFile = Files.createTempFile("tusk-bench-bulk-", ".pgcopy");
            try (TuskClient client = Tusk.connect(config);
                 Connection setup = database.connect();
                 Connection raw = DriverManager.getConnection(config.jdbcUrl(), config.jdbcProperties());
                 Connection batch = DriverManager.getConnection(config.jdbcUrl(), batchProperties)) {
                DatabaseMetaData meta = setup.getMetaData();
                out.println("server: " + database.description() + ", PostgreSQL " + meta.getDatabaseProductVersion()
                        + "; PgJDBC " + meta.getDriverVersion());
                out.println();
                CopyInResult copyIn = null;
                if (options.parts().contains(Part.COPY_IN)) {
                    Loaders loaders = new Loaders(client, raw, config, Path.of(options.psql()), LoadTable.NAME);
                    copyIn = new CopyInBenchmark(loaders, setup, database::serverProcesses, out)
                            .run(options.methods(), options.rows(), options.rounds(), options.warmUp(), binaryFile);
                    out.println();
                }
                CopyOutBenchmark.Result copyOut = null;
                if (options.parts().contains(Part.COPY_OUT)) {
                    if (copyIn == null) {
                        // The table is what COPY in leaves behind; without that part, load it once here.
                        LoadTable.recreate(setup, LoadTable.NAME, false);
                        client.copy().copyIn(LoadTable.NAME).columns(PersonData.COLUMNS).from(new PersonData(options.rows()));
                    }
                    try (var statement = setup.createStatement()) {
                        statement.execute("VACUUM ANALYZE " + LoadTable.NAME); // Sets hint bits once, for both readers.
                    }
                    out.println("COPY out of " + Stats.count(options.rows()) + " rows, " + options.copyOutRounds()
                            + " rounds, alternating:");
                    copyOut = new CopyOutBenchmark(client, raw, out).run(LoadTable.NAME, options.rows(), options.copyOutRounds());
                    out.println();
                }
                List<BulkInsertBenchmark.SizeResult> bulkInsert = null;
                if (options.parts().contains(Part.BULK_INSERT)) {
                    out.println("bulkInsert against a JDBC batch of " + BulkInsertBenchmark.JDBC_BATCH
                            + " (reWriteBatchedInserts=true, one transaction), into an emptied table:");
                    bulkInsert = new BulkInsertBenchmark(client, batch, setup, out).run(options.insertSizes(), options.insertReps());
                    out.println();
                }
                HeapCheck.Summary heap = null;
                if (options.parts().contains(Part.HEAP)) {
                    out.println("heap check: Tusk copyIn of " + Stats.count(options.heapRows())
                            + " lazily generated rows in a child JVM with " + HeapCheck.CHILD_HEAP + ":");
                    heap = HeapCheck.runChild(database.url(), options.heapRows(), out);
                    out.println();
                }
                out.println(String.format(Locale.ROOT, "load average (1 min) after the run: %.2f", MachineInfo.loadAverage()));
                return new Report(copyIn, bulkInsert, copyOut, heap);
            } finally {
                Files.deleteIfExists(binaryFile);
            }
        }
    }
}
