package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.CsvOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tusk export}: writes the result of a query to a CSV or TSV file with a header, through COPY. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the rows of a query to a CSV or TSV file with a header line.",
                "The file appears only when the query succeeds; an existing file is kept",
                "unless --force is given. The database comes from DATABASE_URL (or",
                "POSTGRES_*, DB_*, PG*; see tusk config)."})
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Option(names = {"-q", "--query"}, required = true, paramLabel = "SQL",
            description = "The query whose rows are written; sent as written, without parameters.")
    private String query;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The file to write.")
    private Path outFile;

    @CommandLine.Mixin
    private FileFormatOptions fileFormat;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    private boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CsvOptions options = fileFormat.toCsvOptions(outFile, CsvOptions.Header.PRESENT);
        requireWritable(outFile, force);
        CopyResult result;
        try (DatabaseTarget target = DatabaseTarget.configured(tusk::environment, tusk.homeDirectory());
             TuskClient client = Tusk.connect(target.config());
             ProgressDisplay progress = new ProgressDisplay(err, tusk.terminal(),
                     "exporting to " + outFile.getFileName(), -1, System::nanoTime)) {
            // The library writes beside the file and moves it into place on success, so a failed query leaves none.
            result = client.copy().copyOutCsv(CopyOutSource.query(query), outFile, options, progress);
        }
        out.printf(Locale.ROOT, "Exported %d rows to %s in %.2f s%n", result.rows(), outFile,
                result.elapsed().toNanos() / 1e9);
        out.flush();
        return 0;
    }

    /** Fails before connecting when the file exists (without --force), is a directory, or has no directory to go in. */
    private static void requireWritable(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("cannot write " + file + ": it is a directory");
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " already exists; give --force to replace it");
        }
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("cannot write " + file + ": directory " + directory + " does not exist");
        }
    }
}
