package dev.tusk.cli;

import dev.tusk.copy.CsvOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The file-layout options {@code tusk load} and {@code tusk export} share: format, delimiter and NULL marker. */
final class FileFormatOptions {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, or tsv (PostgreSQL's text format: tabs, \\N for NULL, backslash escapes). "
                    + "Default: tsv for a .tsv file, else csv.")
    private DataFormat format;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "The field delimiter; default , for csv and a tab for tsv (give \\t or tab for a tab).")
    private String delimiter;

    @Option(names = "--null", paramLabel = "TEXT",
            description = "The text that stands for NULL; default an unquoted empty field for csv, \\N for tsv.")
    private String nullMarker;

    /** The COPY options for {@code file} with {@code header}, from what the user gave and the file's extension. */
    CsvOptions toCsvOptions(Path file, CsvOptions.Header header) {
        return DataFormat.of(format, file).options(delimiter, nullMarker, header);
    }
}
