package dev.tusk.cli;

import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.CsvOptions;
import dev.tusk.schema.TableInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tusk load}: loads a CSV or TSV file into a table through COPY, all rows or none. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads a CSV or TSV file into a table with COPY, all rows or none.",
                "The header line names the columns, in any order; with --no-header the",
                "fields fill the table's columns in order. A bad line stops the load,",
                "naming its line number, and leaves the table as it was. Progress goes",
                "to stderr and the summary to stdout. The database comes from",
                "DATABASE_URL (or POSTGRES_*, DB_*, PG*; see tusk config)."})
final class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Option(names = {"-t", "--table"}, required = true, paramLabel = "TABLE",
            description = "The table to load into, optionally schema-qualified.")
    private String table;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV or TSV file to load.")
    private Path file;

    @CommandLine.Mixin
    private FileFormatOptions fileFormat;

    @Option(names = "--no-header", description = "The file has no header line: its fields fill every column in table order.")
    private boolean noHeader;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CsvOptions options = fileFormat.toCsvOptions(file, noHeader ? CsvOptions.Header.NONE : CsvOptions.Header.PRESENT);
        String fileName = String.valueOf(file.getFileName());
        long size = sizeOfReadable(file);
        // The header is read before connecting, so a file that cannot be loaded fails without touching the server.
        List<String> header = noHeader ? List.of() : CsvHeader.read(file, options);
        CopyResult result;
        try (DatabaseTarget target = DatabaseTarget.configured(tusk::environment, tusk.homeDirectory());
             TuskClient client = Tusk.connect(target.config())) {
            TableInfo info = client.tableInfo(table);
            // Without a header COPY's own default applies: every column but generated ones, in table order.
            List<String> columns = noHeader ? List.of() : CsvHeader.columns(header, info, fileName);
            try (ProgressDisplay progress = new ProgressDisplay(err, tusk.terminal(), "loading " + fileName, size,
                    System::nanoTime)) {
                result = client.copy().copyInCsv(table, columns, file, options, progress);
            } catch (TuskException e) {
                throw unchanged(e);
            }
        }
        out.printf(Locale.ROOT, "Loaded %d rows into %s in %.2f s (%.0f rows/s)%n", result.rows(), table,
                result.elapsed().toNanos() / 1e9, result.rowsPerSecond());
        out.flush();
        return 0;
    }

    /** The size of {@code file}, failing with a plain message when it cannot be loaded at all. */
    private static long sizeOfReadable(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds that the table is unchanged when the server rejected the COPY, which then rolled back as one statement;
     * after a lost connection Tusk cannot know, so it says nothing.
     */
    private RuntimeException unchanged(TuskException e) {
        if (e.sqlState() == null || e instanceof ConnectionException) {
            return e;
        }
        return new IllegalStateException(e.getMessage() + "; nothing was loaded, " + table + " is unchanged", e);
    }
}
