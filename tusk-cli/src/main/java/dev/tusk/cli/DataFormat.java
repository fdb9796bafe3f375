package dev.tusk.cli;

import dev.tusk.copy.CsvOptions;

import java.nio.file.Path;
import java.util.Locale;

/** The file layouts {@code tusk load} reads and {@code tusk export} writes, and how their options become {@link CsvOptions}. */
enum DataFormat {

    /** Comma-separated values: fields quoted with {@code "} when needed, NULL as an unquoted empty field. */
    CSV,
    /** Tab-separated values in PostgreSQL's text format: backslash escapes, NULL as {@code \N}, as psql's \copy writes. */
    TSV;

    /** {@code chosen} when the user gave one, else TSV for a {@code .tsv} file and CSV for anything else. */
    static DataFormat of(DataFormat chosen, Path file) {
        if (chosen != null) {
            return chosen;
        }
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".tsv") ? TSV : CSV;
    }

    /** The COPY options for this format, with {@code delimiter} and {@code nullMarker} when given (null for the defaults). */
    CsvOptions options(String delimiter, String nullMarker, CsvOptions.Header header) {
        CsvOptions options = this == TSV ? CsvOptions.text() : CsvOptions.csv();
        // The delimiter goes first: withNull checks the marker against the delimiter in force.
        if (delimiter != null) {
            options = options.withDelimiter(delimiter(delimiter));
        }
        if (nullMarker != null) {
            options = options.withNull(nullMarker);
        }
        return options.withHeader(header);
    }

    /** The one character {@code value} stands for; {@code \t} and {@code tab} mean a tab, which is awkward to type. */
    static char delimiter(String value) {
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new IllegalArgumentException("--delimiter must be one character (or \\t for a tab), but was \""
                    + value + "\"");
        }
        return value.charAt(0);
    }
}
